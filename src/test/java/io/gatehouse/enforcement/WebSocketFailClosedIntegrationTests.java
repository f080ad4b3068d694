package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.store.EmbeddedRedisServer;
import io.gatehouse.support.Closeables;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.RunningGateway;
import io.gatehouse.support.TestBrowser;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis stops under a gateway holding a verified user's WebSocket: Gatehouse can no longer tell whether the session
 * still lives, so the socket is closed (fail closed) within the revocation bound, and the site's end with it.
 */
class WebSocketFailClosedIntegrationTests {

    static final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:05Z"));
    static EchoSiteUpstream site;
    static EmbeddedRedisServer redis;
    static RunningGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        site = new EchoSiteUpstream();
        redis = EmbeddedRedisServer.start(0, Files.createTempDirectory("gatehouse-websockets-failclosed"));
        gateway = RunningGateway.start(
                clock,
                site.url(),
                "gatehouse.redis.url=redis://127.0.0.1:" + redis.port(),
                "gatehouse.redis.timeout=5s");
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(gateway, redis, site);
    }

    @Test
    void socketWhenRedisStopsThenClosedWithinTheBound() {
        TestBrowser alice = gateway.browser();
        gateway.enroll(alice, "alice-" + UUID.randomUUID() + "@example.org", clock);
        try (EchoSocket socket = EchoSocket.open(gateway.port(), alice)) {
            redis.close();

            await().atMost(WebSocketSessionEndIntegrationTests.BOUND).until(socket::isClosed);
            assertThat(socket.closeStatus().getCode()).isEqualTo(1011);
            await().atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(site.openSockets()).isZero());
        }
    }
}
