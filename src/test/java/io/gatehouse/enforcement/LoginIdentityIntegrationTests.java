package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.Authenticator;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.TestBrowser;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
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
 * Who signed in is what the site says: stand-in sites that read the username field their own way (the last duplicate
 * like PHP, the query first like servlets, JSON whatever the type, names normalised) must never get a victim's session
 * bound to the attacker's second factor, or offer a new identity's enrollment. With an identity probe its answer is
 * the identity; without one, an ambiguous login is refused before the site sees it.
 */
class LoginIdentityIntegrationTests {

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
    }

    /** Signs in whoever brings the right password, as alice (a site that takes the last or the query's username). */
    static void siteSigningInAlice() {
        upstream.stubFor(any(anyUrl())
                .atPriority(20)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body>public</body></html>")));
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        // Like PHP: a failed login starts a session all the same.
                        .withHeader("Set-Cookie", "LEGACYSESSID=anonymous-" + UUID.randomUUID() + "; Path=/")
                        .withBody("<form>Invalid email or password</form>")));
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(5)
                .withRequestBody(containing("password=right"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "/admin")
                        .withHeader("Set-Cookie", "LEGACYSESSID=alice-session; Path=/; HttpOnly")));
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(5)
                .withRequestBody(containing("\"password\":\"right\""))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "/admin")
                        .withHeader("Set-Cookie", "LEGACYSESSID=alice-session; Path=/; HttpOnly")));
        upstream.stubFor(get(urlPathEqualTo("/api/me"))
                .atPriority(5)
                .willReturn(aResponse().withStatus(401)));
        upstream.stubFor(get(urlPathEqualTo("/api/me"))
                .atPriority(1)
                .withCookie("LEGACYSESSID", equalTo("alice-session"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":{\"email\":\"Alice@Example.org\"}}")));
        upstream.stubFor(get(urlPathEqualTo("/api/me"))
                .atPriority(1)
                .withCookie("LEGACYSESSID", equalTo("mallory-session"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":{\"email\":\"mallory@example.org\"}}")));
        upstream.stubFor(get(urlPathEqualTo("/admin"))
                .atPriority(1)
                .withCookie("LEGACYSESSID", equalTo("alice-session"))
                .willReturn(aResponse().withStatus(200).withBody("alice's admin page")));
    }

    /** Without a probe: the login field is the identity, and any doubt about it refuses the login. */
    @Nested
    @SpringBootTest(
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "gatehouse.config=src/test/resources/gatehouse-test.yml",
                "gatehouse.upstream.login.success.status=302",
                "gatehouse.upstream.login.success.location-matches=^/admin",
                "gatehouse.policy.rules[0].paths=/public/**",
                "gatehouse.policy.rules[0].policy=bypass"
            })
    class WithoutProbe {

        @LocalServerPort
        int port;

        TestBrowser browser;

        @BeforeEach
        void setUp() {
            upstream.resetAll();
            siteSigningInAlice();
            browser = new TestBrowser(port);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "email=mallory%40example.org&email=alice%40example.org&password=right",
                    "%65mail=alice%40example.org&password=right",
                    "Email=alice%40example.org&password=right",
                    "email=%EF%BD%81lice%40example.org&password=right",
                    "email=alice%40example.org%00&password=right",
                    "email[]=alice%40example.org&password=right"
                })
        void loginWhenUsernameCouldBeReadTwoWaysThenRefusedBeforeTheSiteSeesIt(String body) {
            TestBrowser.Page login = browser.request(
                    HttpMethod.POST,
                    "/login",
                    MediaType.TEXT_HTML,
                    MediaType.APPLICATION_FORM_URLENCODED,
                    body,
                    headers -> {});

            assertThat(login.status()).isEqualTo(400);
            assertThat(login.body()).contains("named its user in more than one way");
            assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACYSESSID"));
            upstream.verify(0, postRequestedFor(urlPathEqualTo("/login")));
        }

        @Test
        void loginWhenQueryAndBodyNameDifferentUsersThenRefused() {
            TestBrowser.Page login = browser.postForm(
                    "/login?email=alice%40example.org", "email", "mallory@example.org", "password", "right");

            assertThat(login.status()).isEqualTo(400);
            upstream.verify(0, postRequestedFor(urlPathEqualTo("/login")));
        }

        @Test
        void loginWhenJsonSentAsPlainTextThenRefused() {
            TestBrowser.Page login = browser.request(
                    HttpMethod.POST,
                    "/login",
                    MediaType.TEXT_HTML,
                    MediaType.TEXT_PLAIN,
                    "{\"email\":\"alice@example.org\",\"password\":\"right\"}",
                    headers -> {});

            assertThat(login.status()).isEqualTo(400);
            upstream.verify(0, postRequestedFor(urlPathEqualTo("/login")));
        }

        @Test
        void loginWhenPasswordWrongAndSiteStartsASessionThenNoEnrollmentAndNoChallenge() {
            TestBrowser.Page login = browser.postForm("/login", "email", "alice@example.org", "password", "guess");

            // Judged failed, but it starts a session: without a probe neither its cookie nor its body is trusted.
            assertThat(login.status()).isEqualTo(303);
            assertThat(login.location()).isEqualTo("/login");
            assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACYSESSID"));
            assertThat(browser.get("/_gatehouse/enroll").status()).isNotEqualTo(200);
            assertThat(browser.get("/_gatehouse/challenge").status()).isNotEqualTo(200);
            TestBrowser.Page admin = browser.get("/admin");
            assertThat(admin.status()).isEqualTo(303);
            assertThat(admin.location()).isEqualTo("/login");
        }

        @Test
        void loginWhenNameSpelledAsTheSiteNormalisesItThenOneIdentity() {
            TestBrowser.Page login = browser.postForm("/login", "email", "  ALICE@example.org ", "password", "right");

            assertThat(login.location()).isEqualTo("/_gatehouse/enroll");
            assertThat(browser.get("/_gatehouse/enroll").body()).contains("alice@example.org");
        }

        @Test
        void verifiedUserWhenSigningInAsAnotherThroughAnUnknownPathThenNeverKeepsTheOtherAccountsCookies() {
            upstream.stubFor(get(urlPathEqualTo("/public/page"))
                    .atPriority(1)
                    .withQueryParam("password", equalTo("right"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withBody("welcome alice")
                            .withHeader("Set-Cookie", "LEGACYSESSID=alice-session-2; Path=/")));
            upstream.stubFor(post(urlPathEqualTo("/login"))
                    .atPriority(1)
                    .withRequestBody(containing("mallory"))
                    .willReturn(aResponse()
                            .withStatus(302)
                            .withHeader("Location", "/admin")
                            .withHeader("Set-Cookie", "LEGACYSESSID=mallory-session; Path=/")));
            browser.postForm("/login", "email", "mallory@example.org", "password", "mallory-password");
            Authenticator.enroll(browser, Clock.systemUTC());
            assertThat(browser.cookies()).containsEntry("LEGACYSESSID", "mallory-session");

            TestBrowser.Page page = browser.get("/public/page?email=alice%40example.org&password=right");

            assertThat(page.body()).doesNotContain("welcome alice");
            assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACYSESSID=alice"));
        }
    }

    /** With a probe: the site's own answer is the identity. */
    @Nested
    @SpringBootTest(
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "gatehouse.config=src/test/resources/gatehouse-test.yml",
                "gatehouse.upstream.identity.path=/api/me",
                "gatehouse.upstream.identity.json-pointer=/user/email",
                "gatehouse.upstream.identity.timeout=3s",
                "gatehouse.policy.rules[0].paths=/public/**",
                "gatehouse.policy.rules[0].policy=bypass"
            })
    class WithProbe {

        @LocalServerPort
        int port;

        TestBrowser browser;

        @BeforeEach
        void setUp() {
            upstream.resetAll();
            siteSigningInAlice();
            browser = new TestBrowser(port);
        }

        @Test
        void loginWhenTheSiteSignsInSomeoneElseThanTypedThenRefusedAndNothingDelivered() {
            TestBrowser.Page login = browser.postForm("/login", "email", "mallory@example.org", "password", "right");

            assertThat(login.status()).isEqualTo(403);
            assertThat(login.body()).contains("could not tell who signed in");
            assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACYSESSID"));
        }

        @Test
        void loginWhenUsernameAmbiguousThenTheProbeDecidesWhoEnrolls() {
            TestBrowser.Page login = browser.postForm(
                    "/login?email=mallory%40example.org", "email", "alice@example.org", "password", "right");

            // Alice's second factor (enrollment, or her challenge once an earlier test enrolled her), never mallory's.
            assertThat(login.location()).isIn("/_gatehouse/enroll", "/_gatehouse/challenge");
            assertThat(browser.get(login.location()).body()).doesNotContain("mallory");
        }

        @Test
        void loginWhenProbeConfirmsThenJourneyWorks() {
            upstream.stubFor(post(urlPathEqualTo("/login"))
                    .atPriority(1)
                    .withRequestBody(containing("carol"))
                    .willReturn(aResponse()
                            .withStatus(302)
                            .withHeader("Location", "/admin")
                            .withHeader("Set-Cookie", "LEGACYSESSID=carol-session; Path=/; HttpOnly")));
            upstream.stubFor(get(urlPathEqualTo("/api/me"))
                    .atPriority(1)
                    .withCookie("LEGACYSESSID", equalTo("carol-session"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"user\":{\"email\":\"carol@example.org\"}}")));
            upstream.stubFor(get(urlPathEqualTo("/admin"))
                    .atPriority(1)
                    .withCookie("LEGACYSESSID", equalTo("carol-session"))
                    .willReturn(aResponse().withStatus(200).withBody("carol's admin page")));
            TestBrowser.Page login = browser.postForm("/login", "email", "carol@example.org", "password", "right");
            assertThat(login.location()).isEqualTo("/_gatehouse/enroll");
            Authenticator.enroll(browser, Clock.systemUTC());
            browser.postForm(
                    "/_gatehouse/recovery-codes",
                    "_csrf",
                    Authenticator.csrf(browser.get("/_gatehouse/recovery-codes").body()));

            assertThat(browser.get("/admin").body()).contains("carol's admin page");
            upstream.verify(getRequestedFor(urlPathEqualTo("/api/me"))
                    .withHeader("Cookie", equalTo("LEGACYSESSID=carol-session")));
        }

        @Test
        void loginWhenProbeTooSlowThenRefusedWithAPageAndNothingDelivered() {
            upstream.stubFor(get(urlPathEqualTo("/api/me"))
                    .atPriority(0)
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withFixedDelay(6000)
                            .withBody("{\"user\":{\"email\":\"alice@example.org\"}}")));

            TestBrowser.Page login = browser.postForm("/login", "email", "alice@example.org", "password", "right");

            assertThat(login.status()).isEqualTo(503);
            assertThat(login.body()).contains("could not check with the site");
            assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACYSESSID"));
        }

        @Test
        void rememberMeStyleSignInOnAPublicPageWhenProbeNamesTheUserThenHeldForTheirSecondFactor() {
            upstream.stubFor(get(urlPathEqualTo("/public/home"))
                    .atPriority(1)
                    .withQueryParam("password", equalTo("right"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withBody("welcome alice")
                            .withHeader("Set-Cookie", "LEGACYSESSID=alice-session; Path=/")));

            TestBrowser.Page page = browser.get("/public/home?email=alice%40example.org&password=right");

            assertThat(page.status()).isEqualTo(303);
            assertThat(page.location()).isIn("/_gatehouse/enroll", "/_gatehouse/challenge");
            assertThat(page.body()).doesNotContain("welcome alice");
            assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACYSESSID=alice"));
        }

        @Test
        void verifiedUserWhenSigningInAsAnotherThroughAnUnknownPathThenSentToTheOthersSecondFactorNotKeptVerified() {
            upstream.stubFor(post(urlPathEqualTo("/login"))
                    .atPriority(1)
                    .withRequestBody(containing("mallory"))
                    .willReturn(aResponse()
                            .withStatus(302)
                            .withHeader("Location", "/admin")
                            .withHeader("Set-Cookie", "LEGACYSESSID=mallory-session; Path=/")));
            upstream.stubFor(get(urlPathEqualTo("/public/page"))
                    .atPriority(1)
                    .withQueryParam("password", equalTo("right"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withBody("welcome alice")
                            .withHeader("Set-Cookie", "LEGACYSESSID=alice-session; Path=/")));
            browser.postForm("/login", "email", "mallory@example.org", "password", "mallory-password");
            Authenticator.enroll(browser, Clock.systemUTC());
            browser.postForm(
                    "/_gatehouse/recovery-codes",
                    "_csrf",
                    Authenticator.csrf(browser.get("/_gatehouse/recovery-codes").body()));
            assertThat(browser.cookies()).containsEntry("LEGACYSESSID", "mallory-session");

            TestBrowser.Page page = browser.get("/public/page?email=alice%40example.org&password=right");

            assertThat(page.body()).doesNotContain("welcome alice");
            assertThat(page.location()).isIn("/_gatehouse/enroll", "/_gatehouse/challenge");
            assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACYSESSID=alice"));
            TestBrowser.Page admin = browser.get("/admin");
            assertThat(admin.body()).doesNotContain("alice's admin page");
        }

        @Test
        void loginWhenPasswordWrongThenNothingIsOffered() {
            TestBrowser.Page login = browser.postForm("/login", "email", "alice@example.org", "password", "guess");

            // The site finds nobody signed in; its answer still started a session, which is not delivered.
            assertThat(login.status()).isEqualTo(303);
            assertThat(login.location()).isEqualTo("/login");
            assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACYSESSID"));
            assertThat(browser.get("/_gatehouse/enroll").status()).isNotEqualTo(200);
        }

        @Test
        void loginWhenPasswordWrongAndNoNewSessionThenTheSitesOwnAnswerPasses() {
            upstream.stubFor(post(urlPathEqualTo("/login"))
                    .atPriority(1)
                    .withRequestBody(containing("typo"))
                    .willReturn(aResponse().withStatus(200).withBody("<form>Invalid email or password</form>")));

            TestBrowser.Page login = browser.postForm("/login", "email", "alice@example.org", "password", "typo");

            assertThat(login.status()).isEqualTo(200);
            assertThat(login.body()).contains("Invalid email or password");
        }
    }
}
