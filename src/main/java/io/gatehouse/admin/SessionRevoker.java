package io.gatehouse.admin;

import io.gatehouse.session.GatehouseSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.session.ReactiveFindByIndexNameSessionRepository;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds and ends a user's Gatehouse sessions through Spring Session's principal index. Sessions live in Redis, so
 * this ends them on every gateway at once: the next request of such a browser arrives without a session.
 */
public final class SessionRevoker {

    /**
     * One open session as the console lists it; the id is never shown in full.
     *
     * @param lastAccessed the last request that read the session (any route, Gatehouse's pages included)
     * @param verifiedSince when its verified lifetime began (what {@code gatehouse.session.max-age} limits); null when
     *     it is not verified
     * @param lastActivity the last activity on a protected route (what {@code gatehouse.session.idle-timeout}
     *     limits), to about five seconds; null when none was recorded
     */
    public record SessionInfo(
            String idPrefix, Instant created, Instant lastAccessed, Instant verifiedSince, Instant lastActivity) {

        /** How long ago the verified lifetime began, "-" when the session is not verified. */
        public String age(Instant now) {
            return verifiedSince == null ? "-" : describe(Duration.between(verifiedSince, now));
        }

        /** {@code 45s}, {@code 12m}, {@code 2h 05m}, {@code 3d 04h}: two units at most. */
        static String describe(Duration age) {
            long seconds = Math.max(0, age.getSeconds());
            if (seconds < 60) {
                return seconds + "s";
            }
            if (seconds < 3600) {
                return seconds / 60 + "m";
            }
            if (seconds < 86_400) {
                return String.format("%dh %02dm", seconds / 3600, seconds % 3600 / 60);
            }
            return String.format("%dd %02dh", seconds / 86_400, seconds % 86_400 / 3600);
        }
    }

    private final ReactiveFindByIndexNameSessionRepository<? extends Session> index;
    private final ReactiveSessionRepository<? extends Session> sessions;
    private final java.util.function.Consumer<String> ended;

    public <
                    R extends
                            ReactiveFindByIndexNameSessionRepository<? extends Session>
                                    & ReactiveSessionRepository<? extends Session>>
            SessionRevoker(R repository) {
        this(repository, id -> {});
    }

    /** {@code ended} hears of every session id ended, so a gateway can forget its cached copy at once. */
    public <
                    R extends
                            ReactiveFindByIndexNameSessionRepository<? extends Session>
                                    & ReactiveSessionRepository<? extends Session>>
            SessionRevoker(R repository, java.util.function.Consumer<String> ended) {
        this.index = repository;
        this.sessions = repository;
        this.ended = ended;
    }

    public Mono<List<SessionInfo>> list(String user) {
        return index.findByPrincipalName(user)
                .map(found -> found.values().stream()
                        .map(s -> new SessionInfo(
                                s.getId().substring(0, Math.min(8, s.getId().length())),
                                s.getCreationTime(),
                                s.getLastAccessedTime(),
                                GatehouseSession.lifetimeStartedAt(s::getAttribute)
                                        .orElse(null),
                                GatehouseSession.activeAt(s::getAttribute).orElse(null)))
                        .sorted(Comparator.comparing(SessionInfo::lastAccessed).reversed())
                        .toList());
    }

    /** Ends every session of {@code user}; the number ended. */
    public Mono<Integer> revokeAll(String user) {
        return index.findByPrincipalName(user)
                .flatMap(found -> Flux.fromIterable(found.keySet())
                        .concatMap(id -> sessions.deleteById(id).doOnSuccess(done -> ended.accept(id)))
                        .then(Mono.just(found.size())));
    }
}
