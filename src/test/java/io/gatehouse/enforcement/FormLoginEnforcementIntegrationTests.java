package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.TestBrowser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A legacy site whose login form posts to {@code /login} and answers 302 with its session cookie. Gatehouse
 * must hold that cookie back until the second factor, and never let an unreleased cookie through.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.policy.rules[0].paths=/public/**",
            "gatehouse.policy.rules[0].policy=bypass",
            "gatehouse.policy.rules[1].paths=/reports/**",
            "gatehouse.policy.rules[1].policy=optional",
            "gatehouse.policy.rules[2].paths=/danger/**",
            "gatehouse.policy.rules[2].policy=deny"
        })
class FormLoginEnforcementIntegrationTests {

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
    }

    @LocalServerPort
    int port;

    TestBrowser browser;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        LegacySiteStubs.formLogin(upstream);
        browser = new TestBrowser(port);
    }

    @Test
    void loginWhenPasswordRightAndUserNotEnrolledThenSentToEnrollmentWithUpstreamCookieHeld() {
        TestBrowser.Page login = browser.postForm("/login", "email", "Alice@Example.org ", "password", "right");

        assertThat(login.status()).isEqualTo(303);
        assertThat(login.location()).isEqualTo("/_gatehouse/enroll");
        assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACYSESSID=alice"));
        assertThat(browser.cookies()).containsKey("gatehouse_session").doesNotContainKey("LEGACYSESSID");
        assertThat(login.body()).doesNotContain("upstream login body");

        TestBrowser.Page admin = browser.get("/admin");
        assertThat(admin.status()).isEqualTo(303);
        assertThat(admin.location()).isEqualTo("/_gatehouse/enroll");
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin")));
    }

    @Test
    void loginWhenPasswordWrongThenUpstreamAnswerPassesUnchanged() {
        TestBrowser.Page login = browser.postForm("/login", "email", "alice@example.org", "password", "wrong");

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("Invalid email or password");
        assertThat(browser.cookies()).doesNotContainKey("LEGACYSESSID");
    }

    @Test
    void loginWhenTargetRouteOptionalAndUserNotEnrolledThenCookieReleasedAtOnce() {
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(1)
                .withRequestBody(containing("next=reports"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", upstream.baseUrl() + "/reports/monthly")
                        .withHeader("Set-Cookie", "LEGACYSESSID=alice-session; Path=/; HttpOnly")));

        TestBrowser.Page login =
                browser.postForm("/login", "email", "alice@example.org", "password", "right", "next", "reports");

        assertThat(login.status()).isEqualTo(302);
        assertThat(login.location()).isEqualTo("/reports/monthly");
        assertThat(browser.cookies()).containsEntry("LEGACYSESSID", "alice-session");
        assertThat(browser.get("/reports/monthly").status()).isEqualTo(200);

        // Signed in without a second factor: a required route still asks for enrollment first.
        TestBrowser.Page admin = browser.get("/admin");
        assertThat(admin.status()).isEqualTo(303);
        assertThat(admin.location()).isEqualTo("/_gatehouse/enroll");
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin")));
    }

    @Test
    void requestWhenUpstreamCookieWasNeverReleasedThenExpiredAndSentToUpstreamLogin() {
        browser.setCookie("LEGACYSESSID", "alice-session");

        TestBrowser.Page admin = browser.get("/admin");

        assertThat(admin.status()).isEqualTo(303);
        assertThat(admin.location()).isEqualTo("/login");
        assertThat(admin.setCookies())
                .anyMatch(cookie -> cookie.startsWith("LEGACYSESSID=;") && cookie.contains("Max-Age=0"));
        assertThat(browser.cookies()).doesNotContainKey("LEGACYSESSID");
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin")));
    }

    @Test
    void requestWhenScriptPresentsUnreleasedCookieThenJson401() {
        browser.setCookie("LEGACYSESSID", "alice-session");

        TestBrowser.Page api = browser.getJson("/api/stats");

        assertThat(api.status()).isEqualTo(401);
        assertThat(api.headers().getContentType().toString()).startsWith("application/json");
        assertThat(api.body()).contains("\"error\":\"login_required\"");
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/api/stats")));
    }

    @Test
    void requestWhenPolicyDeniesThenForbiddenAndNeverForwarded() {
        assertThat(browser.get("/danger/zone").status()).isEqualTo(403);
        assertThat(browser.getJson("/danger/zone").body()).contains("access_denied");
        upstream.verify(0, anyRequestedFor(urlPathMatching("/danger.*")));
    }

    @Test
    void requestWhenBypassRouteThenForwardedWhateverTheCookies() {
        browser.setCookie("LEGACYSESSID", "whatever");

        assertThat(browser.get("/public/about").status()).isEqualTo(200);
        upstream.verify(
                1, getRequestedFor(urlPathEqualTo("/public/about")).withCookie("LEGACYSESSID", equalTo("whatever")));
    }

    @Test
    void requestWhenAuthorizationHeaderOnProtectedRouteThenRefused() {
        TestBrowser.Page page = browser.get("/admin", headers -> headers.setBasicAuth("alice@example.org", "right"));

        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("credentials_not_allowed");
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin")));
    }

    @Test
    void requestWhenAnonymousOnRequiredRouteThenSentToLoginAndUpstreamNeverAsked() {
        TestBrowser.Page admin = browser.get("/admin");

        assertThat(admin.status()).isEqualTo(303);
        assertThat(admin.location()).isEqualTo("/login");
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin")));
    }

    @Test
    void logoutWhenSignedInThenGatehouseSessionEndsAndOldCookieIsRefused() {
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(1)
                .withRequestBody(containing("next=reports"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "/reports/monthly")
                        .withHeader("Set-Cookie", "LEGACYSESSID=alice-session; Path=/; HttpOnly")));
        browser.postForm("/login", "email", "alice@example.org", "password", "right", "next", "reports");
        String cookie = browser.cookies().get("LEGACYSESSID");
        assertThat(cookie).isEqualTo("alice-session");

        browser.get("/logout");
        browser.setCookie("LEGACYSESSID", cookie);

        TestBrowser.Page after = browser.get("/reports/monthly");
        assertThat(after.status()).isEqualTo(303);
        assertThat(after.location()).isEqualTo("/login");
    }

    @Test
    void proxiedRequestWhenBrowserHasGatehouseSessionThenUpstreamNeverSeesGatehouseCookie() {
        browser.postForm("/login", "email", "alice@example.org", "password", "right");
        assertThat(browser.cookies()).containsKey("gatehouse_session");

        browser.get("/public/about");

        upstream.verify(1, getRequestedFor(urlPathEqualTo("/public/about")).withoutHeader(HttpHeaders.COOKIE));
    }
}
