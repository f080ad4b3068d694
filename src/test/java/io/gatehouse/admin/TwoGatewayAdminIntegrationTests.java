package io.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.enforcement.LegacySiteStubsAccess;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.TestBrowser;
import io.gatehouse.support.TwoGateways;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateways share one Redis: a user enrolled on A is challenged on B (not asked to enroll again), and an admin
 * disable on A ends the user's sessions on both: on A at once, through B within B's one-second cache of verified
 * sessions.
 */
class TwoGatewayAdminIntegrationTests {

    static TwoGateways gateways;

    @BeforeAll
    static void start() {
        gateways = TwoGateways.start(
                LegacySiteStubsAccess::formLogin, List.of(), "gatehouse.admins.users[0]=root-*@example.org");
    }

    @AfterAll
    static void stop() {
        gateways.close();
    }

    @Test
    void userWhenEnrolledOnAThenChallengedOnBAndAdminDisableOnAEndsTheSessionOnB() {
        String user = "hank-" + UUID.randomUUID() + "@example.org";
        TestBrowser onA = gateways.a().browser();
        Authenticator app = gateways.a().enroll(onA, user, gateways.clock());
        TestBrowser onB = gateways.b().browser();
        gateways.b().signInWithCode(onB, user, app);
        assertThat(onB.get("/admin").body()).contains("Admin dashboard");

        TestBrowser admin = gateways.a().browser();
        gateways.clock().advance(Duration.ofSeconds(30));
        gateways.a().enroll(admin, "root-" + UUID.randomUUID() + "@example.org", gateways.clock());
        TestBrowser.Page console = admin.get("/_gatehouse/admin?user=" + user);
        assertThat(console.body()).contains("User " + user);
        TestBrowser.Page done =
                admin.postForm("/_gatehouse/admin/disable", "_csrf", Authenticator.csrf(console.body()), "user", user);
        assertThat(done.status()).isEqualTo(303);
        assertThat(admin.get(done.location()).body()).contains("2 sessions were ended");

        assertThat(onA.get("/admin").location()).isEqualTo("/login");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(onB.get("/admin").location()).isEqualTo("/login"));
        TestBrowser again = gateways.b().browser();
        assertThat(again.postForm("/login", "email", user, "password", "right").location())
                .as("2FA is off now, and the required policy asks for a new enrollment")
                .isEqualTo("/_gatehouse/enroll");
    }
}
