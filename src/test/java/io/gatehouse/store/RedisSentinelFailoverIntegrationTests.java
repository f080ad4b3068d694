package io.gatehouse.store;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gatehouse.enforcement.LegacySiteStubsAccess;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.Closeables;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.RedisProcesses;
import io.gatehouse.support.RunningGateway;
import io.gatehouse.support.TestBrowser;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gatehouse behind Redis Sentinel (one master, one replica, one sentinel), and the master crashes under it: while no
 * master is reachable every protected request fails closed with the 503 page and nothing reaches the upstream; once
 * the sentinel promotes the replica, the same running gateway serves again, and the user who enrolled before the crash
 * is challenged (not asked to enroll again) and signs in with a code. With {@code min-replicas-ack: 1}, an enrollment
 * that no replica confirms is not reported as done.
 */
class RedisSentinelFailoverIntegrationTests {

    private static final String MASTER = "gatehouse";

    static final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:05Z"));
    static final WireMockServer upstream = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    static RedisProcesses redis;
    static int master;
    static int replica;
    static int sentinel;
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        upstream.start();
        LegacySiteStubsAccess.formLogin(upstream);
        redis = new RedisProcesses("sentinel");
        master = redis.server();
        replica = redis.replicaOf(master);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> redis.call(replica, r -> r.info("replication")).contains("master_link_status:up"));
        sentinel = redis.sentinel(MASTER, master);
        await().atMost(Duration.ofSeconds(20)).until(() -> redis.knowsReplicas(sentinel, MASTER));
        gateway = RunningGateway.start(
                clock,
                upstream.baseUrl(),
                "gatehouse.redis.sentinel.master=" + MASTER,
                "gatehouse.redis.sentinel.nodes=127.0.0.1:" + sentinel,
                "gatehouse.redis.timeout=1s",
                "gatehouse.redis.min-replicas-ack=1");
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(gateway, redis, upstream::stop);
    }

    @Test
    void masterWhenItCrashesThenRequestsFailClosedAndAfterPromotionTheEnrollmentIsStillThere() {
        String user = "gina-" + UUID.randomUUID() + "@example.org";
        TestBrowser verified = gateway.browser();
        Authenticator app = gateway.enroll(verified, user, clock);
        assertThat(verified.get("/admin").body()).contains("Admin dashboard");
        // Replication is asynchronous: a marker written after the enrollment and acknowledged by the replica (WAIT)
        // shows that the enrollment reached it too, so the test does not race replication.
        long acknowledged = redis.call(master, r -> {
            r.set("replicated-marker", user);
            return r.waitForReplication(1, 5000);
        });
        assertThat(acknowledged).isEqualTo(1L);
        int adminPagesServed = adminPagesServed();

        redis.kill(master);
        StoreHealth health = gateway.bean(StoreHealth.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> !health.isUp());

        TestBrowser.Page duringFailover = verified.get("/admin");
        assertThat(duringFailover.status()).isEqualTo(503);
        assertThat(duringFailover.body()).contains("temporarily unavailable");
        TestBrowser stranger = gateway.browser();
        assertThat(stranger.postForm("/login", "email", user, "password", "right")
                        .status())
                .isEqualTo(503);
        assertThat(stranger.cookies()).doesNotContainKey("LEGACYSESSID");
        assertThat(adminPagesServed()).isEqualTo(adminPagesServed);
        upstream.verify(1, postRequestedFor(urlPathEqualTo("/login")));

        redis.failover(sentinel, MASTER);
        await().atMost(Duration.ofSeconds(30)).until(() -> redis.masterPort(sentinel, MASTER) == replica);

        AtomicReference<TestBrowser> browser = new AtomicReference<>();
        TestBrowser.Page login = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            browser.set(gateway.browser());
                            return browser.get().postForm("/login", "email", user, "password", "right");
                        },
                        page -> page.status() != 503);
        assertThat(login.location()).isEqualTo("/_gatehouse/challenge");
        String csrf =
                Authenticator.csrf(browser.get().get("/_gatehouse/challenge").body());
        assertThat(browser.get()
                        .postForm("/_gatehouse/challenge", "_csrf", csrf, "code", app.code(0))
                        .status())
                .isEqualTo(303);
        assertThat(browser.get().get("/admin").body()).contains("Admin dashboard");
        assertThat(verified.get("/admin").body())
                .as("the session from before the crash")
                .contains("Admin dashboard");
        assertThat(health.isUp()).isTrue();

        // The promoted master has no replica now: min-replicas-ack: 1 turns a new enrollment into the 503 page
        // instead of a success that a second failover could undo. The secret stays saved on the master, so the
        // app the user scanned works at the next sign-in.
        String latecomer = "kim-" + UUID.randomUUID() + "@example.org";
        TestBrowser kim = gateway.browser();
        kim.postForm("/login", "email", latecomer, "password", "right");
        TestBrowser.Page enroll = kim.get("/_gatehouse/enroll");
        Authenticator kimsApp = Authenticator.scan(enroll.body(), clock);
        TestBrowser.Page unconfirmed = kim.postForm(
                "/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", kimsApp.code(0));
        assertThat(unconfirmed.status()).isEqualTo(503);
        assertThat(unconfirmed.body()).contains("temporarily unavailable");
        assertThat(gateway.browser()
                        .postForm("/login", "email", latecomer, "password", "right")
                        .location())
                .isEqualTo("/_gatehouse/challenge");
    }

    private static int adminPagesServed() {
        return upstream.countRequestsMatching(
                        getRequestedFor(urlPathEqualTo("/admin")).build())
                .getCount();
    }
}
