package io.gatehouse.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The WebSockets this gateway proxies for released Gatehouse sessions, each closed once its session ends, within the
 * one-second revocation bound of {@link VerifiedSessionCache} (see docs/architecture.md, "Logout").
 */
public final class OpenWebSockets implements AutoCloseable {

    // How: at once where this gateway ends a session (an admin revoke here, sessionEnded); otherwise a sweep reads
    // each session with an open socket from Redis twice a second, which sees a logout, revoke or disable on any
    // gateway or the CLI, an idle expiry and a new sign-in in that browser. A socket whose session is gone, no longer
    // released or now another user's is closed with 1008; while Redis cannot answer, every socket is closed with 1011
    // (fail closed).

    private static final Logger log = LoggerFactory.getLogger(OpenWebSockets.class);

    /** What a browser's script sees when its session ended: policy violation, the session is no longer valid. */
    static final CloseStatus SESSION_ENDED = CloseStatus.POLICY_VIOLATION.withReason("session ended");

    /** What it sees while the session store cannot answer: it may reconnect once Gatehouse is back. */
    static final CloseStatus STORE_UNAVAILABLE = CloseStatus.SERVER_ERROR.withReason("session store unavailable");

    /** Sessions read at once in one sweep: enough that a few thousand sockets are checked well inside a sweep. */
    private static final int CONCURRENT_READS = 64;

    /** What the session store holds for a session now. */
    public record StoredSession(SessionState state, Optional<String> user) {}

    /** Reads one session: empty when it no longer exists (ended, expired), an error when the store cannot answer. */
    @FunctionalInterface
    public interface SessionLookup {
        Mono<StoredSession> find(String sessionId);
    }

    /** Closes one client socket with {@code status}; must not block. */
    @FunctionalInterface
    public interface Socket {
        void close(CloseStatus status);
    }

    /**
     * Whose a socket is. {@code renaming} is true while the session's id is being changed on this gateway: the old id
     * may already be gone from Redis before the socket is moved to the new one, which is no reason to close it.
     */
    private record Owner(String sessionId, String user, boolean renaming) {}

    // Keyed by the socket (identity): a sweep decides on the owner it read and closes only sockets whose owner is still
    // exactly that (ConcurrentHashMap.remove(key, value)), so a move to a new id in between never closes a live socket.
    private final ConcurrentHashMap<Socket, Owner> open = new ConcurrentHashMap<>();
    private final SessionLookup sessions;
    private final BooleanSupplier storeUp;
    private final Duration readTimeout;
    private Disposable schedule;

    /**
     * @param sessions reads a session from the store
     * @param storeUp whether the store is known to answer; when not, a sweep closes everything without asking it
     * @param readTimeout how long one read may take before the store counts as unavailable for that session
     */
    public OpenWebSockets(SessionLookup sessions, BooleanSupplier storeUp, Duration readTimeout) {
        this.sessions = sessions;
        this.storeUp = storeUp;
        this.readTimeout = readTimeout;
    }

    /**
     * Tracks {@code socket}, opened through session {@code sessionId} whose cookies were released to {@code user}; run
     * the returned action when the socket has closed.
     */
    public Runnable register(String sessionId, String user, Socket socket) {
        open.put(socket, new Owner(sessionId, user, false));
        return () -> open.remove(socket);
    }

    /** The number of sockets tracked now. */
    public int size() {
        return open.size();
    }

    /** Closes every socket of session {@code sessionId} at once: this gateway has just ended it. */
    public void sessionEnded(String sessionId) {
        // A scan, not an index by session: ends and renames are rare next to the messages the sockets carry.
        open.forEach((socket, owner) -> {
            if (owner.sessionId().equals(sessionId)) {
                close(socket, owner, SESSION_ENDED);
            }
        });
    }

    /**
     * Runs {@code renewal}, which gives session {@code before} a new id (a step-up or enrollment of a released
     * session), so that its sockets on this gateway move to {@code after} instead of being closed as ended. Sockets of
     * the session on other gateways are closed by their sweep (the old id is gone there); the page reconnects.
     */
    public Mono<Void> following(String before, Mono<Void> renewal, Supplier<String> after) {
        return Mono.defer(() -> {
                    open.replaceAll((socket, owner) ->
                            owner.sessionId().equals(before) ? new Owner(before, owner.user(), true) : owner);
                    return renewal;
                })
                .doOnSuccess(done -> {
                    String renewed = after.get();
                    open.replaceAll((socket, owner) ->
                            owner.sessionId().equals(before) ? new Owner(renewed, owner.user(), false) : owner);
                })
                .doFinally(signal ->
                        open.replaceAll((socket, owner) -> owner.sessionId().equals(before) && owner.renaming()
                                ? new Owner(before, owner.user(), false)
                                : owner));
    }

    /** Sweeps every {@code interval}; a sweep still running when the next is due lets that one pass. */
    public void start(Duration interval) {
        schedule = Flux.interval(interval, interval)
                .onBackpressureDrop()
                .concatMap(
                        tick -> sweep().onErrorResume(e -> {
                            log.warn("WebSocket sweep failed; trying again in {}", interval, e);
                            return Mono.empty();
                        }),
                        1)
                .subscribe();
    }

    /** One pass: each session with an open socket is read once, and the sockets of ended sessions are closed. */
    Mono<Void> sweep() {
        if (open.isEmpty()) {
            return Mono.empty();
        }
        if (!storeUp.getAsBoolean()) {
            int closed = 0;
            for (Map.Entry<Socket, Owner> entry : open.entrySet()) {
                closed += close(entry.getKey(), entry.getValue(), STORE_UNAVAILABLE) ? 1 : 0;
            }
            if (closed > 0) {
                log.warn("Redis is unavailable: closed {} WebSockets (fail closed)", closed);
            }
            return Mono.empty();
        }
        Map<Owner, List<Socket>> byOwner = new HashMap<>();
        open.forEach((socket, owner) ->
                byOwner.computeIfAbsent(owner, key -> new ArrayList<>()).add(socket));
        return Flux.fromIterable(byOwner.entrySet())
                .flatMap(
                        entry -> verdict(entry.getKey())
                                .doOnNext(status ->
                                        entry.getValue().forEach(socket -> close(socket, entry.getKey(), status))),
                        CONCURRENT_READS)
                .then();
    }

    /** How to close the sockets of {@code owner}, or empty while its session lives (or is being renamed). */
    private Mono<CloseStatus> verdict(Owner owner) {
        return sessions.find(owner.sessionId())
                .timeout(readTimeout)
                .map(stored -> stored.state().released()
                                && stored.user().filter(owner.user()::equals).isPresent()
                        ? Optional.<CloseStatus>empty()
                        : Optional.of(SESSION_ENDED))
                .defaultIfEmpty(owner.renaming() ? Optional.empty() : Optional.of(SESSION_ENDED))
                .onErrorResume(e -> {
                    log.debug("Could not read session for a WebSocket of {}", owner.user(), e);
                    return Mono.just(Optional.of(STORE_UNAVAILABLE));
                })
                .flatMap(Mono::justOrEmpty);
    }

    /** Closes {@code socket} if it is still {@code owner}'s; whether it was. */
    private boolean close(Socket socket, Owner owner, CloseStatus status) {
        if (!open.remove(socket, owner)) {
            return false;
        }
        if (status != STORE_UNAVAILABLE) {
            log.info("closed a WebSocket of user={}: {}", owner.user(), status.getReason());
        }
        try {
            socket.close(status);
        } catch (RuntimeException e) {
            log.debug("WebSocket of {} did not close cleanly", owner.user(), e);
        }
        return true;
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.dispose();
        }
    }
}
