package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.cli.GatehouseCli;
import io.gatehouse.store.EmbeddedRedisServer;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.Closeables;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.RunningGateway;
import io.gatehouse.support.TestBrowser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateways share one Redis in front of a site with a WebSocket on a protected path. A verified user's socket stays
 * open (and echoes) while the Gatehouse session lives, and is closed within the one-second revocation bound (plus
 * scheduling slack) when the session ends: by the site's logout through either gateway, an admin disable on the other
 * gateway, or a revoke from the CLI; the site's end of the proxied socket closes too.
 */
class WebSocketSessionEndIntegrationTests {

    /** The product promises one second; half a second more covers a loaded build machine. */
    static final Duration BOUND = Duration.ofMillis(1500);

    static final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:05Z"));
    static EchoSiteUpstream site;
    static EmbeddedRedisServer redis;
    static RunningGateway a;
    static RunningGateway b;

    @BeforeAll
    static void start() throws IOException {
        site = new EchoSiteUpstream();
        redis = EmbeddedRedisServer.start(0, Files.createTempDirectory("gatehouse-websockets"));
        String[] settings = {
            "gatehouse.redis.url=redis://127.0.0.1:" + redis.port(),
            "gatehouse.admins.users[0]=root-*@example.org",
            "gatehouse.policy.rules[0].paths=/admin/billing/**",
            "gatehouse.policy.rules[0].policy=required",
            "gatehouse.policy.rules[0].max-age=5m"
        };
        a = RunningGateway.start(clock, site.url(), settings);
        b = RunningGateway.start(clock, site.url(), settings);
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(b, a, redis, site);
    }

    @Test
    void socketWhenSessionLivesThenStaysOpenAndEchoes() {
        TestBrowser alice = a.browser();
        a.enroll(alice, "alice-" + UUID.randomUUID() + "@example.org", clock);
        try (EchoSocket socket = EchoSocket.open(a.port(), alice)) {
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> !socket.isClosed());

            socket.assertEchoes("still there");
        }
    }

    @Test
    void socketWhenUpstreamLogoutThroughAGatewayThenClosedOnBothGatewaysWithinTheBound() {
        TestBrowser onA = a.browser();
        a.enroll(onA, "bea-" + UUID.randomUUID() + "@example.org", clock);
        TestBrowser onB = b.sameSessionAs(onA);
        try (EchoSocket socketOnA = EchoSocket.open(a.port(), onA);
                EchoSocket socketOnB = EchoSocket.open(b.port(), onB)) {
            int openAtSite = site.openSockets();

            assertThat(onA.get("/logout").status()).isEqualTo(302);

            await().atMost(BOUND).until(() -> socketOnA.isClosed() && socketOnB.isClosed());
            assertThat(socketOnA.closeStatus().getCode()).isEqualTo(1008);
            assertThat(socketOnB.closeStatus().getCode()).isEqualTo(1008);
            await().atMost(Duration.ofSeconds(2))
                    .untilAsserted(() ->
                            assertThat(site.openSockets()).as("the site's ends").isEqualTo(openAtSite - 2));
        }
    }

    @Test
    void socketWhenAdminDisablesUserOnTheOtherGatewayThenClosedWithinTheBound() {
        String user = "carl-" + UUID.randomUUID() + "@example.org";
        TestBrowser onA = a.browser();
        a.enroll(onA, user, clock);
        try (EchoSocket socket = EchoSocket.open(a.port(), onA)) {
            TestBrowser admin = b.browser();
            clock.advance(Duration.ofSeconds(30));
            b.enroll(admin, "root-" + UUID.randomUUID() + "@example.org", clock);
            TestBrowser.Page console = admin.get("/_gatehouse/admin?user=" + user);
            assertThat(console.body()).contains("User " + user);
            socket.assertEchoes("before the disable");

            TestBrowser.Page done = admin.postForm(
                    "/_gatehouse/admin/disable", "_csrf", Authenticator.csrf(console.body()), "user", user);
            assertThat(done.status()).isEqualTo(303);

            await().atMost(BOUND).until(socket::isClosed);
            assertThat(socket.closeStatus().getCode()).isEqualTo(1008);
        }
    }

    @Test
    void socketWhenSessionsRevokedFromTheCliThenClosedWithinTheBound() {
        String user = "dora-" + UUID.randomUUID() + "@example.org";
        TestBrowser onB = b.browser();
        b.enroll(onB, user, clock);
        try (EchoSocket socket = EchoSocket.open(b.port(), onB)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = GatehouseCli.run(
                    new String[] {
                        "admin",
                        "sessions",
                        "revoke",
                        user,
                        "--gatehouse.config=src/test/resources/gatehouse-test.yml",
                        "--gatehouse.redis.embedded=false",
                        "--gatehouse.redis.url=redis://127.0.0.1:" + redis.port(),
                        "--gatehouse.upstream.url=" + site.url()
                    },
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream()));
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("1 sessions");

            await().atMost(BOUND).until(socket::isClosed);
            assertThat(socket.closeStatus().getCode()).isEqualTo(1008);
        }
    }

    /**
     * A step-up gives the session a new id (fixation defence). The socket on the gateway that ran the step-up follows
     * it; one on another gateway finds the old id gone and is closed, and the page reconnects with the new session.
     */
    @Test
    void socketWhenStepUpRenewsTheSessionIdThenFollowsItOnThatGatewayAndClosesOnTheOther() {
        TestBrowser onA = a.browser();
        Authenticator app = a.enroll(onA, "gina-" + UUID.randomUUID() + "@example.org", clock);
        TestBrowser onB = b.sameSessionAs(onA);
        try (EchoSocket socketOnA = EchoSocket.open(a.port(), onA);
                EchoSocket socketOnB = EchoSocket.open(b.port(), onB)) {
            clock.advance(Duration.ofMinutes(6));
            assertThat(onA.get("/admin/billing").location()).isEqualTo("/_gatehouse/challenge");
            String csrf = Authenticator.csrf(onA.get("/_gatehouse/challenge").body());
            assertThat(onA.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", app.code(0))
                            .location())
                    .isEqualTo("/admin/billing");
            assertThat(onA.get("/admin/billing").body()).contains("Billing");

            await().atMost(BOUND).until(socketOnB::isClosed);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> !socketOnA.isClosed());
            socketOnA.assertEchoes("after the step-up");
            try (EchoSocket reopened = EchoSocket.open(b.port(), b.sameSessionAs(onA))) {
                reopened.assertEchoes("with the new session");
            }
        }
    }

    @Test
    void socketWhenAnotherUserSignsOutThenStaysOpen() {
        TestBrowser erin = a.browser();
        a.enroll(erin, "erin-" + UUID.randomUUID() + "@example.org", clock);
        TestBrowser fred = a.browser();
        clock.advance(Duration.ofSeconds(30));
        a.enroll(fred, "fred-" + UUID.randomUUID() + "@example.org", clock);
        try (EchoSocket socket = EchoSocket.open(a.port(), erin)) {
            fred.get("/logout");

            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> !socket.isClosed());
            socket.assertEchoes("unaffected");
        }
    }
}
