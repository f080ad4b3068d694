package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.Authenticator;
import io.gatehouse.support.TestBrowser;
import io.gatehouse.support.TwoGateways;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateways share one Redis (and one clock the test moves): wrong codes split between them count as one
 * series, so the user is locked out on both after five; a code accepted on one is refused on the other.
 */
class TwoGatewayLockoutIntegrationTests {

    static TwoGateways gateways;

    @BeforeAll
    static void start() {
        gateways = TwoGateways.start(LegacySiteStubs::formLogin, List.of());
    }

    @AfterAll
    static void stop() {
        gateways.close();
    }

    @Test
    void wrongCodesWhenSplitBetweenGatewaysThenLockedOnBothAfterFive() {
        String user = "dave-" + UUID.randomUUID() + "@example.org";
        Authenticator app = enroll(user);
        String wrong = "000000".equals(app.code(0)) ? "111111" : "000000";
        TestBrowser onA = gateways.a().browser();
        assertThat(onA.postForm("/login", "email", user, "password", "right").location())
                .isEqualTo("/_gatehouse/challenge");
        TestBrowser onB = gateways.b().sameSessionAs(onA);
        String csrf = Authenticator.csrf(onA.get("/_gatehouse/challenge").body());

        for (int i = 1; i <= 4; i++) {
            TestBrowser browser = i % 2 == 1 ? onA : onB;
            assertThat(browser.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", wrong)
                            .status())
                    .as("wrong code " + i)
                    .isEqualTo(200);
        }
        TestBrowser.Page fifth = onB.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", wrong);

        assertThat(fifth.status()).as("fifth wrong code, on B").isEqualTo(429);
        assertThat(onA.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", app.code(0))
                        .status())
                .as("the right code on A")
                .isEqualTo(429);
        assertThat(onB.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", app.code(0))
                        .status())
                .as("the right code on B")
                .isEqualTo(429);
        assertThat(onA.cookies()).doesNotContainKey("LEGACYSESSID");
        assertThat(onB.cookies()).doesNotContainKey("LEGACYSESSID");
    }

    @Test
    void codeWhenAcceptedOnGatewayAThenRefusedOnGatewayB() {
        String user = "erin-" + UUID.randomUUID() + "@example.org";
        Authenticator app = enroll(user);
        TestBrowser onA = gateways.a().browser();
        TestBrowser onB = gateways.b().browser();
        onA.postForm("/login", "email", user, "password", "right");
        onB.postForm("/login", "email", user, "password", "right");
        String code = app.code(0);

        TestBrowser.Page accepted = onA.postForm(
                "/_gatehouse/challenge",
                "_csrf",
                Authenticator.csrf(onA.get("/_gatehouse/challenge").body()),
                "code",
                code);
        TestBrowser.Page replayed = onB.postForm(
                "/_gatehouse/challenge",
                "_csrf",
                Authenticator.csrf(onB.get("/_gatehouse/challenge").body()),
                "code",
                code);

        assertThat(accepted.status()).isEqualTo(303);
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.body()).contains("already been used");
        assertThat(onB.cookies()).doesNotContainKey("LEGACYSESSID");
        assertThat(onB.get("/admin").location()).isEqualTo("/_gatehouse/challenge");
    }

    private static Authenticator enroll(String user) {
        return gateways.a().enroll(gateways.a().browser(), user, gateways.clock());
    }
}
