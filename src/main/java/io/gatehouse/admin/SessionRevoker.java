package io.gatehouse.admin;

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

    /** One open session as the console lists it; the id is never shown in full. */
    public record SessionInfo(String idPrefix, Instant created, Instant lastAccessed) {
    }

    private final ReactiveFindByIndexNameSessionRepository<? extends Session> index;
    private final ReactiveSessionRepository<? extends Session> sessions;
    private final java.util.function.Consumer<String> ended;

    public <R extends ReactiveFindByIndexNameSessionRepository<? extends Session> & ReactiveSessionRepository<? extends Session>>
            SessionRevoker(R repository) {
        this(repository, id -> { });
    }

    /** {@code ended} hears of every session id ended, so a gateway can forget its cached copy at once. */
    public <R extends ReactiveFindByIndexNameSessionRepository<? extends Session> & ReactiveSessionRepository<? extends Session>>
            SessionRevoker(R repository, java.util.function.Consumer<String> ended) {
        this.index = repository;
        this.sessions = repository;
        this.ended = ended;
    }

    public Mono<List<SessionInfo>> list(String user) {
        return index.findByPrincipalName(user).map(found -> found.values().stream()
                .map(s -> new SessionInfo(s.getId().substring(0, Math.min(8, s.getId().length())),
                        s.getCreationTime(), s.getLastAccessedTime()))
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
