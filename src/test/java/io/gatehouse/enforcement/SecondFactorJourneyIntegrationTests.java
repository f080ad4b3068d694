package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.Authenticator;
import io.gatehouse.support.FixedClockConfiguration;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.TestBrowser;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole journey through the real observer and pages, in front of a form-login site: enrollment,
 * challenge at every login, the cookie released only after the second factor and bound to its session,
 * replay and lockout through the pages, and step-up by {@code max-age}. Time comes from a clock the test
 * moves; nothing sleeps.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.policy.rules[0].name=billing",
            "gatehouse.policy.rules[0].paths=/admin/billing/**",
            "gatehouse.policy.rules[0].policy=required",
            "gatehouse.policy.rules[0].max-age=5m",
            "gatehouse.upstream.identity-headers=true"
        })
@Import(FixedClockConfiguration.class)
class SecondFactorJourneyIntegrationTests {

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        LegacySiteStubs.formLogin(upstream);
        // Each user gets their own upstream session cookie.
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(1)
                .withRequestBody(containing("password=right"))
                .withRequestBody(containing("email=bob"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "/admin")
                        .withHeader("Set-Cookie", "LEGACYSESSID=bob-session; Path=/; HttpOnly")));
        clock.advance(Duration.ofMinutes(10));
    }

    @Test
    void requiredModeWhenNewUserLogsInThenEnrollsAndOnlyThenGetsTheUpstreamCookie() {
        TestBrowser browser = new TestBrowser(port);
        String alice = "alice-" + UUID.randomUUID() + "@example.org";

        assertThat(browser.postForm("/login", "email", alice, "password", "right")
                        .location())
                .isEqualTo("/_gatehouse/enroll");
        TestBrowser.Page enroll = browser.get("/_gatehouse/enroll");
        assertThat(enroll.status()).isEqualTo(200);
        assertThat(enroll.body()).contains("<svg").contains("Activate two-factor authentication");
        Authenticator app = Authenticator.scan(enroll.body(), clock);
        assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACYSESSID"));

        TestBrowser.Page activated = browser.postForm(
                "/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", app.code(0));

        assertThat(activated.status()).isEqualTo(303);
        assertThat(activated.location()).isEqualTo("/_gatehouse/recovery-codes");
        assertThat(activated.setCookies()).anyMatch(cookie -> cookie.startsWith("LEGACYSESSID=alice-session"));
        TestBrowser.Page codes = browser.get("/_gatehouse/recovery-codes");
        assertThat(codes.body()).containsPattern("[0-9a-z]{4}-[0-9a-z]{4}");
        TestBrowser.Page onward =
                browser.postForm("/_gatehouse/recovery-codes", "_csrf", Authenticator.csrf(codes.body()));
        assertThat(onward.location()).isEqualTo("/admin");

        TestBrowser.Page admin = browser.get("/admin");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body())
                .contains("<body class=\"admin\"><link rel=\"stylesheet\" href=\"/_gatehouse/assets/inject.css")
                .contains("role=\"status\">Two-factor authentication is enabled")
                .endsWith("Admin dashboard</body></html>");
        assertThat(browser.get("/admin").body()).doesNotContain("gatehouse-banner");
        upstream.verify(
                2,
                getRequestedFor(urlPathEqualTo("/admin"))
                        .withCookie("LEGACYSESSID", equalTo("alice-session"))
                        .withHeader("X-Gatehouse-User", equalTo(alice))
                        .withHeader("X-Gatehouse-Auth", equalTo("totp")));
    }

    @Test
    void proxyWhenBrowserSendsItsOwnIdentityHeadersThenUpstreamSeesOnlyGatehouses() {
        TestBrowser browser = new TestBrowser(port);
        String alice = "alice-" + UUID.randomUUID() + "@example.org";
        enroll(browser, alice);

        browser.get("/admin", headers -> {
            headers.set("X-Gatehouse-User", "admin@example.org");
            headers.set("X-Gatehouse-Auth", "totp");
        });
        browser.get("/public-page", headers -> headers.set("X-Gatehouse-User", "admin@example.org"));

        upstream.verify(
                0,
                getRequestedFor(urlPathEqualTo("/admin")).withHeader("X-Gatehouse-User", equalTo("admin@example.org")));
        upstream.verify(1, getRequestedFor(urlPathEqualTo("/admin")).withHeader("X-Gatehouse-User", equalTo(alice)));
        upstream.verify(
                0,
                getRequestedFor(urlPathEqualTo("/public-page"))
                        .withHeader("X-Gatehouse-User", equalTo("admin@example.org")));
    }

    @Test
    void loginWhenUserEnrolledThenChallengedEveryTimeAndWrongCodeExplained() {
        String alice = "alice-" + UUID.randomUUID() + "@example.org";
        Authenticator app = enroll(new TestBrowser(port), alice);
        clock.advance(Duration.ofSeconds(30));

        TestBrowser browser = new TestBrowser(port);
        assertThat(browser.postForm("/login", "email", alice, "password", "right")
                        .location())
                .isEqualTo("/_gatehouse/challenge");
        TestBrowser.Page challenge = browser.get("/_gatehouse/challenge");
        assertThat(challenge.body()).contains("autocomplete=\"one-time-code\"").contains("inputmode=\"numeric\"");

        TestBrowser.Page wrong = browser.postForm(
                "/_gatehouse/challenge",
                "_csrf",
                Authenticator.csrf(challenge.body()),
                "code",
                "000000".equals(app.code(0)) ? "111111" : "000000");
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body()).contains("aria-invalid=\"true\"");
        assertThat(browser.get("/admin").location()).isEqualTo("/_gatehouse/challenge");

        TestBrowser.Page right = browser.postForm(
                "/_gatehouse/challenge", "_csrf", Authenticator.csrf(wrong.body()), "code", app.code(0));
        assertThat(right.status()).isEqualTo(303);
        assertThat(right.location()).isEqualTo("/admin");
        assertThat(browser.get("/admin").body()).contains("Admin dashboard");
    }

    @Test
    void challengeWhenCodeReplayedInSecondBrowserThenRefused() {
        String alice = "alice-" + UUID.randomUUID() + "@example.org";
        Authenticator app = enroll(new TestBrowser(port), alice);
        clock.advance(Duration.ofSeconds(30));
        TestBrowser first = new TestBrowser(port);
        TestBrowser second = new TestBrowser(port);
        first.postForm("/login", "email", alice, "password", "right");
        second.postForm("/login", "email", alice, "password", "right");
        String code = app.code(0);

        TestBrowser.Page accepted = first.postForm(
                "/_gatehouse/challenge",
                "_csrf",
                Authenticator.csrf(first.get("/_gatehouse/challenge").body()),
                "code",
                code);
        TestBrowser.Page replayed = second.postForm(
                "/_gatehouse/challenge",
                "_csrf",
                Authenticator.csrf(second.get("/_gatehouse/challenge").body()),
                "code",
                code);

        assertThat(accepted.status()).isEqualTo(303);
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.body()).contains("already been used");
        assertThat(second.cookies()).doesNotContainKey("LEGACYSESSID");
    }

    @Test
    void requestWhenUserACookieInsideUserBSessionThenRefusedAndNeverForwarded() {
        String alice = "alice-" + UUID.randomUUID() + "@example.org";
        String bob = "bob-" + UUID.randomUUID() + "@example.org";
        TestBrowser aliceBrowser = new TestBrowser(port);
        TestBrowser bobBrowser = new TestBrowser(port);
        enroll(aliceBrowser, alice);
        enroll(bobBrowser, bob);
        assertThat(aliceBrowser.cookies()).containsEntry("LEGACYSESSID", "alice-session");
        assertThat(bobBrowser.cookies()).containsEntry("LEGACYSESSID", "bob-session");
        upstream.resetRequests();

        bobBrowser.setCookie("LEGACYSESSID", "alice-session");
        TestBrowser.Page stolen = bobBrowser.get("/admin");

        assertThat(stolen.status()).isEqualTo(303);
        assertThat(stolen.location()).isEqualTo("/login");
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin")));
        // Bob's Gatehouse session ended with the refusal: his own cookie no longer works either.
        bobBrowser.setCookie("LEGACYSESSID", "bob-session");
        assertThat(bobBrowser.get("/admin").location()).isEqualTo("/login");
        assertThat(aliceBrowser.get("/admin").status()).isEqualTo(200);
    }

    @Test
    void challengeWhenTooManyWrongCodesThenLockoutPageSaysWhenToRetry() {
        String alice = "alice-" + UUID.randomUUID() + "@example.org";
        Authenticator app = enroll(new TestBrowser(port), alice);
        TestBrowser browser = new TestBrowser(port);
        browser.postForm("/login", "email", alice, "password", "right");
        String wrongCode = "000000".equals(app.code(0)) ? "111111" : "000000";

        String csrf = Authenticator.csrf(browser.get("/_gatehouse/challenge").body());
        for (int i = 0; i < 4; i++) {
            assertThat(browser.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", wrongCode)
                            .status())
                    .isEqualTo(200);
        }
        TestBrowser.Page fifth = browser.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", wrongCode);
        TestBrowser.Page locked = browser.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", app.code(0));

        assertThat(fifth.status()).isEqualTo(429);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.body()).contains("UTC");
        assertThat(browser.cookies()).doesNotContainKey("LEGACYSESSID");
    }

    @Test
    void requestWhenStepUpRouteAndSecondFactorOlderThanMaxAgeThenChallengedAgain() {
        String alice = "alice-" + UUID.randomUUID() + "@example.org";
        TestBrowser browser = new TestBrowser(port);
        Authenticator app = enroll(browser, alice);
        assertThat(browser.get("/admin/billing/invoices").status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(6));

        TestBrowser.Page stepUp = browser.get("/admin/billing/invoices");
        assertThat(stepUp.status()).isEqualTo(303);
        assertThat(stepUp.location()).isEqualTo("/_gatehouse/challenge");
        assertThat(browser.get("/admin").status()).isEqualTo(200);
        TestBrowser.Page passed = browser.postForm(
                "/_gatehouse/challenge",
                "_csrf",
                Authenticator.csrf(browser.get("/_gatehouse/challenge").body()),
                "code",
                app.code(0));
        assertThat(passed.location()).isEqualTo("/admin/billing/invoices");
        assertThat(browser.get("/admin/billing/invoices").status()).isEqualTo(200);
    }

    /** Logs {@code user} in and enrolls them; the browser ends verified, with the upstream cookie. */
    private Authenticator enroll(TestBrowser browser, String user) {
        browser.postForm("/login", "email", user, "password", "right");
        return Authenticator.enroll(browser, clock);
    }
}
