package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.Authenticator;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.TestBrowser;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sign-ins an attacker who knows a victim's password could hide from a success rule, a logout or a body Gatehouse
 * cannot read, in front of a site that keeps its session id at login (it only marks the session signed in).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.upstream.session-cookies=PHPSESSID",
            "gatehouse.upstream.login.success.status=302",
            "gatehouse.upstream.login.success.location-matches=^/home",
            "gatehouse.policy.rules[0].paths=/public/**",
            "gatehouse.policy.rules[0].policy=bypass",
            "gatehouse.policy.rules[1].paths=/api/import",
            "gatehouse.policy.rules[1].policy=required",
            "gatehouse.policy.rules[1].credentials=allow"
        })
class SignInEdgeCasesIntegrationTests {

    private static final String VICTIM_PAGE = "VICTIM-ONLY";

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
        upstream.stubFor(any(anyUrl())
                .atPriority(20)
                .willReturn(aResponse().withStatus(200).withBody("page")));
        // First login in a browser without a session: a new PHPSESSID. The attacker's own account.
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(5)
                .withRequestBody(containing("mallory"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "/home")
                        .withHeader("Set-Cookie", "PHPSESSID=mallory-" + UUID.randomUUID() + "; Path=/")));
        // The victim's password, sent with an existing session: the site keeps the id and marks it as the victim's.
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(4)
                .withRequestBody(containing("victim"))
                .withCookie("PHPSESSID", com.github.tomakehurst.wiremock.client.WireMock.matching(".+"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", "/home")));
        upstream.stubFor(get(urlPathEqualTo("/admin"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(200).withBody(VICTIM_PAGE)));
        browser = new TestBrowser(port);
    }

    @Test
    void loginWhenTheSiteSignsTheVictimIntoTheAttackersReleasedSessionThenThatSessionIsNoLongerReleased() {
        browser.postForm("/login", "email", "mallory@example.org", "password", "mallory-password");
        Authenticator.enroll(browser, Clock.systemUTC());
        browser.postForm(
                "/_gatehouse/recovery-codes",
                "_csrf",
                Authenticator.csrf(browser.get("/_gatehouse/recovery-codes").body()));
        assertThat(browser.get("/admin").body()).contains(VICTIM_PAGE);
        upstream.resetRequests();

        browser.postForm("/login", "email", "victim@example.org", "password", "victim-password");
        TestBrowser.Page admin = browser.get("/admin");

        assertThat(admin.body()).doesNotContain(VICTIM_PAGE);
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin")));
    }

    @Test
    void loginWhenJudgedFailedButSettingANewSessionThenNeitherCookieNorBodyReachTheBrowser() {
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(1)
                .withRequestBody(containing("interim"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("logged in successfully")
                        .withHeader("Set-Cookie", "PHPSESSID=victim-" + UUID.randomUUID() + "; Path=/")));

        TestBrowser.Page login =
                browser.postForm("/login", "email", "victim@example.org", "password", "pw", "interim", "1");

        assertThat(login.status()).isEqualTo(303);
        assertThat(login.location()).isEqualTo("/login");
        assertThat(login.body()).doesNotContain("logged in successfully");
        assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("PHPSESSID=victim"));
    }

    @Test
    void signInWhenTheAnswerAlsoSetsAnUnlistedCookieThenItWaitsForTheSecondFactorToo() {
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(1)
                .withRequestBody(containing("remember"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "/home")
                        .withHeader("Set-Cookie", "PHPSESSID=carol-" + UUID.randomUUID() + "; Path=/")
                        .withHeader("Set-Cookie", "REMEMBER_TOKEN=carol-forever; Path=/")));

        TestBrowser.Page login =
                browser.postForm("/login", "email", "carol@example.org", "password", "pw", "remember", "1");

        assertThat(login.location()).isEqualTo("/_gatehouse/enroll");
        assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("REMEMBER_TOKEN"));
        Authenticator.enroll(browser, Clock.systemUTC());
        browser.postForm(
                "/_gatehouse/recovery-codes",
                "_csrf",
                Authenticator.csrf(browser.get("/_gatehouse/recovery-codes").body()));
        assertThat(browser.cookies()).containsEntry("REMEMBER_TOKEN", "carol-forever");
    }

    @Test
    void logoutWhenCarryingCredentialsThenRefused() {
        TestBrowser.Page logout = browser.postForm("/logout", "email", "victim@example.org", "password", "pw");

        assertThat(logout.status()).isEqualTo(401);
        upstream.verify(0, anyRequestedFor(urlPathEqualTo("/logout")));
    }

    @Test
    void logoutWhenCarryingAnUnreleasedCookieThenForwardedWithoutIt() {
        browser.setCookie("PHPSESSID", "stolen");

        browser.get("/logout");

        upstream.verify(1, getRequestedFor(urlPathEqualTo("/logout")).withoutHeader("Cookie"));
    }

    @Test
    void bodyGatehouseCannotReadWhenOnAProtectedRouteThenRefusedUnlessTheRuleAllowsCredentials() {
        String xml = "<methodCall><params><param><value>victim</value></param><param><value>pw</value></param>"
                + "</params></methodCall>";
        TestBrowser.Page refused = browser.request(
                HttpMethod.POST, "/xmlrpc.php", MediaType.APPLICATION_JSON, MediaType.TEXT_XML, xml, headers -> {});
        assertThat(refused.status()).isEqualTo(415);
        assertThat(refused.body()).contains("body_not_checked");
        upstream.verify(0, anyRequestedFor(urlPathEqualTo("/xmlrpc.php")));

        TestBrowser.Page gzipped = browser.request(
                HttpMethod.POST,
                "/orders",
                MediaType.APPLICATION_JSON,
                MediaType.APPLICATION_FORM_URLENCODED,
                "x",
                headers -> headers.set("Content-Encoding", "gzip"));
        assertThat(gzipped.status()).isEqualTo(415);
    }

    @Test
    void bodyGatehouseCannotReadWhenTheRuleAllowsCredentialsThenStillNoAnonymousAccess() {
        TestBrowser.Page page = browser.request(
                HttpMethod.POST, "/api/import", MediaType.APPLICATION_JSON, MediaType.TEXT_XML, "<x/>", headers -> {});

        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("login_required");
        upstream.verify(0, anyRequestedFor(urlPathEqualTo("/api/import")));
    }
}
