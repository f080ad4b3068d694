package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.TestBrowser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Login styles other than the classic form + 302: a JSON API login and a form answered by a meta refresh. */
class OtherLoginStylesIntegrationTests {

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    /** A single-page app posts JSON to /api/login and gets 200, a JSON body and the session cookie. */
    @Nested
    @SpringBootTest(
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "gatehouse.config=src/test/resources/gatehouse-test.yml",
                "gatehouse.upstream.login.path=/api/login",
                "gatehouse.upstream.login.username-field=user.email",
                "gatehouse.upstream.login.success.status=200"
            })
    class JsonLogin {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            upstream.registerUrl(registry);
        }

        @LocalServerPort
        int port;

        TestBrowser browser;

        @BeforeEach
        void setUp() {
            upstream.resetAll();
            LegacySiteStubs.jsonLogin(upstream);
            browser = new TestBrowser(port);
        }

        @Test
        void loginWhenPasswordRightThenJsonSaysEnrollmentRequiredAndNothingOfTheUpstreamLeaks() {
            TestBrowser.Page login = browser.postJson(
                    "/api/login", "{\"user\":{\"email\":\"ALICE@example.org\"},\"password\":\"right\"}");

            assertThat(login.status()).isEqualTo(403);
            assertThat(login.body())
                    .contains("\"error\":\"enrollment_required\"")
                    .contains("\"location\":\"/_gatehouse/enroll\"")
                    .doesNotContain("secret-upstream-token");
            assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACYSESSID"));
            assertThat(browser.cookies()).containsKey("gatehouse_session");

            assertThat(browser.getJson("/api/stats").body()).contains("enrollment_required");
        }

        @Test
        void loginWhenPasswordWrongThenUpstreamAnswerPassesUnchanged() {
            TestBrowser.Page login = browser.postJson(
                    "/api/login", "{\"user\":{\"email\":\"alice@example.org\"},\"password\":\"wrong\"}");

            assertThat(login.status()).isEqualTo(401);
            assertThat(login.body()).contains("bad credentials");
        }

        @Test
        void loginWhenUsernameFieldMissingThenSignInRefusedAndCookieNotDelivered() {
            TestBrowser.Page login = browser.postJson("/api/login", "{\"login\":\"alice\",\"password\":\"right\"}");

            assertThat(login.status()).isEqualTo(403);
            assertThat(login.body()).contains("identity_unknown").doesNotContain("secret-upstream-token");
            assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACYSESSID"));
        }
    }

    /** An old PHP-style site answers its login form with 200 and a meta refresh, setting its cookie. */
    @Nested
    @SpringBootTest(
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "gatehouse.config=src/test/resources/gatehouse-test.yml",
                "gatehouse.upstream.login.path=/login.php",
                "gatehouse.upstream.login-page=/login.php",
                "gatehouse.upstream.login.username-field=user",
                "gatehouse.upstream.login.password-field=pass",
                "gatehouse.upstream.login.success.status=200",
                "gatehouse.upstream.login.success.cookie-set=true"
            })
    class MetaRefreshLogin {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            upstream.registerUrl(registry);
        }

        @LocalServerPort
        int port;

        TestBrowser browser;

        @BeforeEach
        void setUp() {
            upstream.resetAll();
            LegacySiteStubs.metaRefreshLogin(upstream);
            browser = new TestBrowser(port);
        }

        @Test
        void loginWhenPasswordRightThenBrowserGoesToEnrollmentInsteadOfTheRefreshPage() {
            TestBrowser.Page login = browser.postForm("/login.php", "user", "alice", "pass", "right");

            assertThat(login.status()).isEqualTo(303);
            assertThat(login.location()).isEqualTo("/_gatehouse/enroll");
            assertThat(login.body()).doesNotContain("refresh");
            assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACYSESSID"));
        }

        @Test
        void loginWhenPasswordWrongThenFailurePagePassesThrough() {
            TestBrowser.Page login = browser.postForm("/login.php", "user", "alice", "pass", "wrong");

            assertThat(login.status()).isEqualTo(200);
            assertThat(login.body()).contains("Login failed");
        }
    }
}
