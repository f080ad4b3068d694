package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.Authenticator;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.RawHttp;
import io.gatehouse.support.TestBrowser;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A PHP-style front controller ({@code /index.php} routes on {@code ?action=} and {@code ?page=}) that keeps its
 * {@code PHPSESSID} at login and adds an {@code AUTH} cookie, and that, like many legacy sites, signs in any request that
 * carries the username and password, and any request with its remember-me cookie. Gatehouse is told only about its
 * form login. Every attack must get neither protected content nor an upstream session cookie: the bytes the client
 * received and the stand-in's journal are the oracle. The legitimate journey still works end to end.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.upstream.session-cookies=PHPSESSID,AUTH,REMEMBERME",
            "gatehouse.upstream.login.paths=/index.php",
            "gatehouse.upstream.login.methods=POST",
            "gatehouse.upstream.login.query[0].name=action",
            "gatehouse.upstream.login.query[0].equals=login",
            "gatehouse.upstream.login.username-field=user",
            "gatehouse.upstream.login.password-field=pass",
            "gatehouse.upstream.login.success.status=302",
            "gatehouse.upstream.login.success.location-matches=page=dashboard",
            "gatehouse.upstream.login-page=/index.php?action=login",
            "gatehouse.upstream.logout[0].paths=/index.php",
            "gatehouse.upstream.logout[0].query[0].name=action",
            "gatehouse.upstream.logout[0].query[0].equals=logout",
            "gatehouse.policy.rules[0].paths=/public/**",
            "gatehouse.policy.rules[0].policy=bypass"
        })
class OutcomeEnforcementIntegrationTests {

    private static final String MARKER = "ADMIN-ONLY-MARKER";

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
        frontController();
        browser = new TestBrowser(port);
    }

    /** The stand-in: what a careless legacy front controller does. */
    private static void frontController() {
        upstream.stubFor(any(anyUrl()).atPriority(20).willReturn(html("<p>public page</p>")));
        upstream.stubFor(get(urlPathEqualTo("/index.php")).atPriority(15).willReturn(html("<p>please log in</p>")));
        // The login form starts an anonymous session.
        upstream.stubFor(get(urlPathEqualTo("/index.php"))
                .withQueryParam("action", equalTo("login"))
                .atPriority(5)
                .willReturn(html("<form>login</form>").withHeader("Set-Cookie", "PHPSESSID=anon-1; path=/")));
        // A right password, anywhere, with any method: signed in (keeps PHPSESSID, adds AUTH) and the page shown.
        upstream.stubFor(any(anyUrl())
                .atPriority(4)
                .withQueryParam("pass", equalTo("right"))
                .willReturn(html("<p>" + MARKER + "</p>").withHeader("Set-Cookie", "AUTH=alice-auth-q; path=/")));
        upstream.stubFor(any(anyUrl())
                .atPriority(4)
                .withRequestBody(containing("right"))
                .willReturn(html("<p>" + MARKER + "</p>").withHeader("Set-Cookie", "AUTH=alice-auth-b; path=/")));
        // The real login: a redirect to the dashboard.
        upstream.stubFor(post(urlPathEqualTo("/index.php"))
                .withQueryParam("action", equalTo("login"))
                .atPriority(3)
                .willReturn(html("<p>Invalid username or password</p>")));
        upstream.stubFor(post(urlPathEqualTo("/index.php"))
                .withQueryParam("action", equalTo("login"))
                .atPriority(2)
                .withRequestBody(containing("pass=right"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "/index.php?page=dashboard")
                        .withHeader("Set-Cookie", "AUTH=alice-auth; path=/; HttpOnly")));
        // A remember-me cookie signs in on any page, public ones included.
        upstream.stubFor(any(anyUrl())
                .atPriority(3)
                .withCookie("REMEMBERME", matching(".+"))
                .willReturn(html("<p>Welcome back alice " + MARKER + "</p>")
                        .withHeader("Set-Cookie", "AUTH=alice-auth-rm; path=/")));
        // Signed-in pages.
        upstream.stubFor(get(urlPathEqualTo("/index.php"))
                .atPriority(1)
                .withCookie("AUTH", equalTo("alice-auth"))
                .withQueryParam("page", matching("admin|dashboard"))
                .willReturn(html("<p>" + MARKER + "</p>")));
        upstream.stubFor(get(urlPathEqualTo("/index.php"))
                .atPriority(1)
                .withQueryParam("action", equalTo("logout"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "/index.php?action=login")
                        .withHeader("Set-Cookie", "AUTH=; Max-Age=0; path=/")));
        // Endpoints the site forgot to protect.
        upstream.stubFor(
                get(urlPathMatching("/admin/.*")).atPriority(1).willReturn(html("<p>EXPORT " + MARKER + "</p>")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder html(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/html")
                .withBody("<html><body>" + body + "</body></html>");
    }

    private void assertNothingSignedIn(TestBrowser.Page page) {
        assertThat(page.body()).doesNotContain(MARKER);
        assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("AUTH=alice"));
        assertThat(browser.cookies()).doesNotContainKey("AUTH");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "user=alice&pass=right",
                "user=alice&Pass=right",
                "user=alice&%70ass=right",
                "user=alice&pass%5B%5D=right",
                "user=alice&PASS=right"
            })
    void queryCredentialsWhenOnProtectedPageThenRefusedAndNeverForwarded(String credentials) {
        TestBrowser.Page page = browser.get("/index.php?page=admin&" + credentials);

        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("credentials_not_allowed");
        assertNothingSignedIn(page);
        upstream.verify(0, anyRequestedFor(urlPathEqualTo("/index.php")));
    }

    @Test
    void formCredentialsWhenPostedToAnotherUrlThenRefusedAndNeverForwarded() {
        TestBrowser.Page page = browser.postForm("/index.php?page=admin", "user", "alice", "pass", "right");

        assertThat(page.status()).isEqualTo(401);
        assertNothingSignedIn(page);
        upstream.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void jsonCredentialsWhenSentToASecondLoginEndpointThenRefusedAndNeverForwarded() {
        TestBrowser.Page page = browser.postJson("/api/session", "{\"user\":\"alice\",\"pass\":\"right\"}");

        assertThat(page.status()).isEqualTo(401);
        assertNothingSignedIn(page);
        upstream.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void multipartCredentialsWhenPostedToAnotherUrlThenRefusedAndNeverForwarded() {
        org.springframework.util.LinkedMultiValueMap<String, String> form =
                new org.springframework.util.LinkedMultiValueMap<>();
        form.add("user", "alice");
        form.add("pass", "right");
        TestBrowser.Page page = browser.request(
                HttpMethod.POST,
                "/index.php?page=admin",
                MediaType.TEXT_HTML,
                MediaType.MULTIPART_FORM_DATA,
                form,
                headers -> {});

        assertThat(page.status()).isEqualTo(401);
        assertNothingSignedIn(page);
        upstream.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/Index.php?action=login",
                "/index.php/x?action=login",
                "/index.php?action=login&action=admin",
                "/login.php"
            })
    void loginWhenPostedToAnotherSpellingThenNotALoginAndRefused(String target) {
        TestBrowser.Page page = browser.postForm(target, "user", "alice", "pass", "right");

        assertThat(page.status()).isEqualTo(401);
        assertNothingSignedIn(page);
        upstream.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void rememberMeCookieWhenSentToPublicPageThenNothingOfTheAutoLoginReachesTheBrowser() {
        browser.setCookie("REMEMBERME", "alice-token");

        TestBrowser.Page page = browser.get("/public/home");

        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("could not tell who signed in");
        assertNothingSignedIn(page);
    }

    @Test
    void credentialsWhenSentToPublicPageThenTheSignInItMakesIsHeldBack() {
        TestBrowser.Page page = browser.get("/public/page?user=alice&pass=right");

        assertThat(page.status()).isEqualTo(403);
        assertNothingSignedIn(page);
    }

    @Test
    void anonymousWhenAskingForAnUnprotectedExportThenSentToLoginAndNeverForwarded() {
        TestBrowser.Page page = browser.get("/admin/export.csv");
        TestBrowser.Page script = browser.getJson("/admin/export.csv");

        assertThat(page.status()).isEqualTo(303);
        assertThat(page.location()).isEqualTo("/index.php?action=login");
        assertThat(script.status()).isEqualTo(401);
        assertThat(script.body()).contains("login_required");
        upstream.verify(0, anyRequestedFor(urlPathMatching("/admin/.*")));
    }

    @Test
    void anonymousWhenUpgradingToAProtectedWebSocketThenRefusedAndNeverForwarded() {
        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request(
                        "GET /admin/socket HTTP/1.1",
                        "Upgrade: websocket",
                        "Connection: Upgrade",
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                        "Sec-WebSocket-Version: 13"));

        assertThat(response.status()).isIn(303, 401);
        upstream.verify(0, anyRequestedFor(urlPathMatching("/admin/.*")));
    }

    @Test
    void frontControllerWhenStolenAuthCookieThenNoPageOfItIsReachableAndTheLoginPageSeesANewVisitor() {
        browser.setCookie("AUTH", "alice-auth");

        TestBrowser.Page admin = browser.get("/index.php?page=admin");
        assertThat(admin.status()).isEqualTo(303);
        assertThat(admin.body()).doesNotContain(MARKER);
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/index.php")).withQueryParam("page", equalTo("admin")));

        browser.setCookie("AUTH", "alice-auth");
        TestBrowser.Page form = browser.get("/index.php?action=login");
        assertThat(form.status()).isEqualTo(200);
        upstream.verify(
                1,
                getRequestedFor(urlPathEqualTo("/index.php"))
                        .withQueryParam("action", equalTo("login"))
                        .withoutHeader("Cookie"));
    }

    @Test
    void loginWhenPasswordWrongThenTheSitesOwnAnswerReachesTheBrowser() {
        browser.get("/index.php?action=login");

        TestBrowser.Page page = browser.postForm("/index.php?action=login", "user", "alice", "pass", "wrong");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Invalid username or password");
    }

    @Test
    void frontControllerJourneyWhenLoginKeepsSessionIdAndAddsAuthCookieThenBothAreReleasedAfterTheSecondFactor() {
        TestBrowser.Page form = browser.get("/index.php?action=login");
        assertThat(form.status()).isEqualTo(200);
        assertThat(browser.cookies()).containsEntry("PHPSESSID", "anon-1");

        TestBrowser.Page login = browser.postForm("/index.php?action=login", "user", "alice", "pass", "right");
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.location()).isEqualTo("/_gatehouse/enroll");
        assertThat(browser.cookies()).doesNotContainKeys("AUTH", "PHPSESSID");

        Authenticator.enroll(browser, Clock.systemUTC());
        TestBrowser.Page onward = browser.postForm(
                "/_gatehouse/recovery-codes",
                "_csrf",
                Authenticator.csrf(browser.get("/_gatehouse/recovery-codes").body()));
        assertThat(onward.location()).isEqualTo("/index.php?page=dashboard");
        assertThat(browser.cookies()).containsEntry("AUTH", "alice-auth").containsEntry("PHPSESSID", "anon-1");

        TestBrowser.Page admin = browser.get("/index.php?page=admin");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body()).contains(MARKER);

        browser.get("/index.php?action=logout");
        TestBrowser.Page after = browser.get("/index.php?page=admin");
        assertThat(after.status()).isEqualTo(303);
        assertThat(after.body()).doesNotContain(MARKER);
    }

    @Test
    void anonymousWhenOnAnOptionalRouteOrTheLoginPageThenForwarded() {
        assertThat(browser.get("/index.php?action=login").status()).isEqualTo(200);
        assertThat(browser.get("/public/about").body()).contains("public page");
    }
}
