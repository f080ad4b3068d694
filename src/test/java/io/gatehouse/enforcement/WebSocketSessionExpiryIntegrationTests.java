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
 * Sessions idle out after a minute here (gatehouse.session.idle-timeout, on a clock the test moves). Messages on a
 * WebSocket are not HTTP requests and do not keep the session alive: once it has idled out, its socket is closed like
 * at a logout, and the browser owes its second factor again.
 */
class WebSocketSessionExpiryIntegrationTests {

    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(1);
    static final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:05Z"));
    static EchoSiteUpstream site;
    static EmbeddedRedisServer redis;
    static RunningGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        site = new EchoSiteUpstream();
        redis = EmbeddedRedisServer.start(0, Files.createTempDirectory("gatehouse-websockets-expiry"));
        gateway = RunningGateway.start(
                clock,
                site.url(),
                "gatehouse.redis.url=redis://127.0.0.1:" + redis.port(),
                "gatehouse.session.idle-timeout=1m");
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(gateway, redis, site);
    }

    @Test
    void socketWhenSessionIdlesOutThenClosedWithinTheBoundOfTheExpiry() {
        TestBrowser alice = gateway.browser();
        gateway.enroll(alice, "alice-" + UUID.randomUUID() + "@example.org", clock);
        assertThat(alice.get("/admin").status()).isEqualTo(200);
        try (EchoSocket socket = EchoSocket.open(gateway.port(), alice)) {
            assertThat(socket.isClosed()).as("open while the session lives").isFalse();

            clock.advance(IDLE_TIMEOUT.plusSeconds(10));

            await().atMost(WebSocketSessionEndIntegrationTests.BOUND.plusSeconds(1))
                    .until(socket::isClosed);
            assertThat(socket.closeStatus().getCode()).isEqualTo(1008);
            assertThat(alice.get("/admin").location())
                    .as("the session owes its second factor again")
                    .isEqualTo("/_gatehouse/challenge");
        }
    }
}
