package io.gatehouse.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Mono;

/** The registry and its sweep against a session store held in a map, which can also fail or hang. */
class OpenWebSocketsTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, OpenWebSockets.StoredSession> store = new ConcurrentHashMap<>();
    private final List<String> reads = new CopyOnWriteArrayList<>();
    private final AtomicBoolean storeUp = new AtomicBoolean(true);
    private Mono<OpenWebSockets.StoredSession> failure;
    private final OpenWebSockets sockets = new OpenWebSockets(
            id -> {
                reads.add(id);
                return failure != null ? failure : Mono.justOrEmpty(store.get(id));
            },
            storeUp::get,
            Duration.ofMillis(200));

    /** A client socket that records how it was closed. */
    private static final class FakeSocket implements OpenWebSockets.Socket {
        final List<CloseStatus> closes = new CopyOnWriteArrayList<>();

        @Override
        public void close(CloseStatus status) {
            closes.add(status);
        }
    }

    private FakeSocket open(String sessionId, String user) {
        FakeSocket socket = new FakeSocket();
        sockets.register(sessionId, user, socket);
        return socket;
    }

    private static OpenWebSockets.StoredSession stored(SessionState state, String user) {
        return new OpenWebSockets.StoredSession(state, Optional.of(user));
    }

    @Test
    void sweepWhenSessionLivesThenSocketStaysOpen() {
        store.put("s1", stored(SessionState.VERIFIED, "ann"));
        store.put("s2", stored(SessionState.SIGNED_IN, "bob"));
        FakeSocket ann = open("s1", "ann");
        FakeSocket bob = open("s2", "bob");

        sockets.sweep().block(TIMEOUT);

        assertThat(ann.closes).isEmpty();
        assertThat(bob.closes).isEmpty();
        assertThat(sockets.size()).isEqualTo(2);
    }

    @Test
    void sweepWhenSessionGoneThenSocketClosedAsSessionEnded() {
        FakeSocket socket = open("s1", "ann");

        sockets.sweep().block(TIMEOUT);

        assertThat(socket.closes).containsExactly(OpenWebSockets.SESSION_ENDED);
        assertThat(socket.closes.get(0).getCode()).isEqualTo(1008);
        assertThat(sockets.size()).isZero();
    }

    @Test
    void sweepWhenSessionNoLongerReleasedThenSocketClosed() {
        store.put("s1", stored(SessionState.PENDING, "ann"));
        FakeSocket socket = open("s1", "ann");

        sockets.sweep().block(TIMEOUT);

        assertThat(socket.closes).containsExactly(OpenWebSockets.SESSION_ENDED);
    }

    @Test
    void sweepWhenSessionNowAnotherUsersThenSocketClosed() {
        store.put("s1", stored(SessionState.VERIFIED, "mallory"));
        FakeSocket socket = open("s1", "ann");

        sockets.sweep().block(TIMEOUT);

        assertThat(socket.closes).containsExactly(OpenWebSockets.SESSION_ENDED);
    }

    @Test
    void sweepWhenStoreKnownDownThenEverySocketClosedWithoutReading() {
        store.put("s1", stored(SessionState.VERIFIED, "ann"));
        FakeSocket socket = open("s1", "ann");
        storeUp.set(false);

        sockets.sweep().block(TIMEOUT);

        assertThat(socket.closes).containsExactly(OpenWebSockets.STORE_UNAVAILABLE);
        assertThat(socket.closes.get(0).getCode()).isEqualTo(1011);
        assertThat(reads).isEmpty();
    }

    @Test
    void sweepWhenReadFailsThenSocketClosedAsStoreUnavailable() {
        store.put("s1", stored(SessionState.VERIFIED, "ann"));
        FakeSocket socket = open("s1", "ann");
        failure = Mono.error(new IllegalStateException("connection refused"));

        sockets.sweep().block(TIMEOUT);

        assertThat(socket.closes).containsExactly(OpenWebSockets.STORE_UNAVAILABLE);
    }

    @Test
    void sweepWhenReadHangsThenSocketClosedAfterReadTimeout() {
        store.put("s1", stored(SessionState.VERIFIED, "ann"));
        FakeSocket socket = open("s1", "ann");
        failure = Mono.never();

        sockets.sweep().block(TIMEOUT);

        assertThat(socket.closes).containsExactly(OpenWebSockets.STORE_UNAVAILABLE);
    }

    @Test
    void sweepWhenSeveralSocketsShareASessionThenOneReadForThem() {
        FakeSocket first = open("s1", "ann");
        FakeSocket second = open("s1", "ann");

        sockets.sweep().block(TIMEOUT);

        assertThat(reads).containsExactly("s1");
        assertThat(first.closes).containsExactly(OpenWebSockets.SESSION_ENDED);
        assertThat(second.closes).containsExactly(OpenWebSockets.SESSION_ENDED);
    }

    @Test
    void sweepWhenNoSocketsThenNoReads() {
        sockets.sweep().block(TIMEOUT);

        assertThat(reads).isEmpty();
    }

    @Test
    void registrationWhenSocketClosedByItselfThenForgottenAndNeverClosedAgain() {
        FakeSocket socket = new FakeSocket();
        Runnable closed = sockets.register("s1", "ann", socket);

        closed.run();
        sockets.sweep().block(TIMEOUT);

        assertThat(socket.closes).isEmpty();
        assertThat(reads).isEmpty();
    }

    @Test
    void sessionEndedWhenCalledThenClosesThatSessionsSocketsAtOnceAndNoOthers() {
        FakeSocket ann = open("s1", "ann");
        FakeSocket bob = open("s2", "bob");

        sockets.sessionEnded("s1");

        assertThat(ann.closes).containsExactly(OpenWebSockets.SESSION_ENDED);
        assertThat(bob.closes).isEmpty();
        assertThat(reads).isEmpty();
        store.put("s2", stored(SessionState.VERIFIED, "bob"));
        sockets.sweep().block(TIMEOUT);
        assertThat(ann.closes).as("closed once").hasSize(1);
        assertThat(reads).containsExactly("s2");
    }

    @Test
    void followingWhenRenewalSucceedsThenSocketMovesToTheNewId() {
        store.put("old", stored(SessionState.VERIFIED, "ann"));
        FakeSocket socket = open("old", "ann");
        Mono<Void> renewal = Mono.fromRunnable(() -> store.put("new", store.remove("old")));

        sockets.following("old", renewal, () -> "new").block(TIMEOUT);
        sockets.sweep().block(TIMEOUT);

        assertThat(socket.closes).isEmpty();
        assertThat(reads).containsExactly("new");
        sockets.sessionEnded("new");
        assertThat(socket.closes).containsExactly(OpenWebSockets.SESSION_ENDED);
    }

    @Test
    void followingWhenSweepSeesOldIdGoneBeforeTheMoveThenSocketStaysOpen() {
        store.put("old", stored(SessionState.VERIFIED, "ann"));
        FakeSocket socket = open("old", "ann");
        // Redis has renamed the session; this gateway has not yet moved the socket when a sweep runs.
        Mono<Void> renewal =
                Mono.fromRunnable(() -> store.put("new", store.remove("old"))).then(Mono.defer(sockets::sweep));

        sockets.following("old", renewal, () -> "new").block(TIMEOUT);

        assertThat(reads).containsExactly("old");
        assertThat(socket.closes).isEmpty();
        sockets.sweep().block(TIMEOUT);
        assertThat(socket.closes).isEmpty();
    }

    @Test
    void followingWhenRenewalFailsThenSocketStaysWithTheOldIdAndIsJudgedAsUsual() {
        FakeSocket socket = open("old", "ann");

        sockets.following("old", Mono.error(new IllegalStateException("Redis down")), () -> "new")
                .onErrorResume(e -> Mono.empty())
                .block(TIMEOUT);
        sockets.sweep().block(TIMEOUT);

        assertThat(reads).containsExactly("old");
        assertThat(socket.closes).containsExactly(OpenWebSockets.SESSION_ENDED);
    }

    @Test
    void startWhenSessionEndsThenScheduledSweepClosesItsSocketWithinAnInterval() {
        store.put("s1", stored(SessionState.VERIFIED, "ann"));
        FakeSocket socket = open("s1", "ann");
        sockets.start(Duration.ofMillis(50));
        try {
            store.remove("s1");
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(socket.closes).containsExactly(OpenWebSockets.SESSION_ENDED));
        } finally {
            sockets.close();
        }
    }
}
