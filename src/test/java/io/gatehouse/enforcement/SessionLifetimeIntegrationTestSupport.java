package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.FixedClockConfiguration;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.TestBrowser;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The session lifetime ({@code gatehouse.session.*}, defaults: 30 minutes idle, 12 hours at most) through the real
 * filter, pages and Redis, in front of a form-login site, with a clock the test moves. Each scenario runs once with
 * every request read from Redis and once served from the verified-session cache wherever it may be; see the two
 * subclasses. A rule for one user makes the policy depend on the user, so that requests to bypass routes read the
 * session too: even then they must not keep it alive.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.policy.rules[0].paths=/public/**",
            "gatehouse.policy.rules[0].policy=bypass",
            "gatehouse.policy.rules[1].name=admin",
            "gatehouse.policy.rules[1].paths=/admin/**",
            "gatehouse.policy.rules[1].policy=required",
            "gatehouse.policy.rules[2].name=nobody",
            "gatehouse.policy.rules[2].paths=/never/**",
            "gatehouse.policy.rules[2].users=nobody@example.org",
            "gatehouse.policy.rules[2].policy=deny",
            "gatehouse.admins.users[0]=root-*@example.org",
            "gatehouse.admins.max-age=1h"
        })
@Import(FixedClockConfiguration.class)
abstract class SessionLifetimeIntegrationTestSupport {

    /** One stand-in site for both subclasses (each has its own context); only its stubs are per test. */
    static final WireMockServer upstream = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());

    static {
        upstream.start();
    }

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.upstream.url", upstream::baseUrl);
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        LegacySiteStubs.formLogin(upstream);
        clock.advance(Duration.ofMinutes(10));
    }

    @Test
    void requestWhenIdleLongerThanIdleTimeoutThenChallengePageSaysWhyAndPassingItGoesBackWithTheSameCookie() {
        TestBrowser browser = new TestBrowser(port);
        Authenticator app = enroll(browser);
        assertThat(browser.get("/admin").status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(29));
        assertThat(browser.get("/admin").status()).as("29 minutes idle").isEqualTo(200);
        clock.advance(Duration.ofMinutes(29));
        assertThat(browser.get("/admin").status())
                .as("29 minutes after the last page")
                .isEqualTo(200);
        clock.advance(Duration.ofMinutes(31));
        upstream.resetRequests();

        TestBrowser.Page stopped = browser.get("/admin/users?page=2");
        assertThat(stopped.status()).isEqualTo(303);
        assertThat(stopped.location()).isEqualTo("/_gatehouse/challenge");
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin/users")));
        // The upstream cookie stays in the browser, bound to this session: only the second factor is owed.
        assertThat(browser.cookies()).containsEntry("LEGACYSESSID", "alice-session");
        TestBrowser.Page challenge = browser.get("/_gatehouse/challenge");
        assertThat(challenge.body()).contains("Your session was idle for more than 30 minutes.");

        TestBrowser.Page passed = browser.postForm(
                "/_gatehouse/challenge", "_csrf", Authenticator.csrf(challenge.body()), "code", app.code(0));
        assertThat(passed.location()).isEqualTo("/admin/users?page=2");
        assertThat(browser.get("/admin").status()).isEqualTo(200);
        upstream.verify(
                1, getRequestedFor(urlPathEqualTo("/admin")).withCookie("LEGACYSESSID", equalTo("alice-session")));
    }

    @Test
    void requestWhenOnlyBypassRoutesScriptsAndGatehousePagesWereUsedThenStillIdle() {
        TestBrowser browser = new TestBrowser(port);
        enroll(browser);
        assertThat(browser.get("/admin").status()).isEqualTo(200);

        for (int i = 0; i < 7; i++) {
            clock.advance(Duration.ofMinutes(5));
            // A public endpoint polled by the page, a script polling a protected one, Gatehouse's own pages.
            assertThat(browser.get("/public/status").status()).isEqualTo(200);
            assertThat(browser.getJson("/admin/notifications").status())
                    .as("poll %d", i)
                    .isIn(200, 401);
            browser.get("/_gatehouse/account");
        }

        TestBrowser.Page stopped = browser.get("/admin");
        assertThat(stopped.status()).isEqualTo(303);
        assertThat(stopped.location()).isEqualTo("/_gatehouse/challenge");
        assertThat(browser.get("/public/status").status())
                .as("bypass routes need no second factor")
                .isEqualTo(200);
    }

    @Test
    void requestWhenScriptAsksAfterIdleTimeoutThenJsonNamesTheChallengeAndPageLoadsKeepTheSessionAlive() {
        TestBrowser browser = new TestBrowser(port);
        enroll(browser);
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(browser.get("/admin").status()).as("page load %d", i).isEqualTo(200);
            assertThat(browser.getJson("/admin/notifications").status()).isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(31));

        TestBrowser.Page poll = browser.getJson("/admin/notifications");
        assertThat(poll.status()).isEqualTo(401);
        assertThat(poll.body()).contains("second_factor_required").contains("/_gatehouse/challenge");
    }

    @Test
    void requestWhenBusyLongerThanMaxAgeThenChallengedAndAFreshSecondFactorStartsANewLifetime() {
        TestBrowser browser = new TestBrowser(port);
        Authenticator app = enroll(browser);
        for (int i = 0; i < 36; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(browser.get("/admin").status())
                    .as("after %d minutes", 20 * (i + 1))
                    .isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(1));

        TestBrowser.Page stopped = browser.get("/admin");
        assertThat(stopped.location()).isEqualTo("/_gatehouse/challenge");
        TestBrowser.Page challenge = browser.get("/_gatehouse/challenge");
        assertThat(challenge.body()).contains("Sessions last at most 12 hours.");
        assertThat(browser.postForm(
                                "/_gatehouse/challenge",
                                "_csrf",
                                Authenticator.csrf(challenge.body()),
                                "code",
                                app.code(0))
                        .location())
                .isEqualTo("/admin");

        clock.advance(Duration.ofMinutes(20));
        assertThat(browser.get("/admin").status()).as("a new lifetime").isEqualTo(200);
        assertThat(browser.get("/_gatehouse/challenge").body()).doesNotContain("Sessions last at most");
    }

    @Test
    void requestWhenPostedFormIsANavigationThenItCountsAsActivity() {
        TestBrowser browser = new TestBrowser(port);
        enroll(browser);
        clock.advance(Duration.ofMinutes(25));
        assertThat(browser.request(
                                HttpMethod.POST,
                                "/admin/save",
                                MediaType.TEXT_HTML,
                                MediaType.APPLICATION_FORM_URLENCODED,
                                "name=x",
                                headers -> headers.set("Sec-Fetch-Mode", "navigate"))
                        .status())
                .isEqualTo(200);
        clock.advance(Duration.ofMinutes(25));

        assertThat(browser.get("/admin").status()).isEqualTo(200);
    }

    @Test
    void accountPageAndAdminConsoleWhenSessionIdleThenChallengeFirstThoughTheConsolesOwnLimitHolds() {
        TestBrowser browser = new TestBrowser(port);
        Authenticator app = enroll(browser, "root-" + UUID.randomUUID() + "@example.org");
        assertThat(browser.get("/_gatehouse/account").status()).isEqualTo(200);
        assertThat(browser.get("/_gatehouse/admin").status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(31));

        // The second factor is 31 minutes old, within gatehouse.admins.max-age (1h), but the session is idle.
        assertThat(browser.get("/_gatehouse/admin").location()).isEqualTo("/_gatehouse/challenge");
        assertThat(browser.get("/_gatehouse/account").location()).isEqualTo("/_gatehouse/challenge");
        TestBrowser.Page challenge = browser.get("/_gatehouse/challenge");
        assertThat(challenge.body()).contains("Your session was idle for more than 30 minutes.");
        assertThat(browser.postForm(
                                "/_gatehouse/challenge",
                                "_csrf",
                                Authenticator.csrf(challenge.body()),
                                "code",
                                app.code(0))
                        .location())
                .isEqualTo("/_gatehouse/account");
        assertThat(browser.get("/_gatehouse/admin").status()).isEqualTo(200);
    }

    /** Signs a new user in and enrolls them: the browser ends verified, holding the upstream cookie. */
    Authenticator enroll(TestBrowser browser) {
        return enroll(browser, "alice-" + UUID.randomUUID() + "@example.org");
    }

    Authenticator enroll(TestBrowser browser, String user) {
        browser.postForm("/login", "email", user, "password", "right");
        return Authenticator.enroll(browser, clock);
    }
}
