package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.Authenticator;
import io.gatehouse.support.RawHttp;
import io.gatehouse.support.TestBrowser;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Attacks on sessions, redirects, the passcode form and Gatehouse's own pages: fixation, guessable ids, a cookie
 * from a bypass route, open redirects, malformed and replayed codes, CSRF and framing.
 */
class SessionAndPageAttackIntegrationTests extends AttackIntegrationTestSupport {

    @Test
    @DisplayName(
            "Session fixation (OWASP): a planted Gatehouse session id is replaced at login and again at the second factor")
    void plantedSessionIdThenReplacedAtLoginAndAtSecondFactor() {
        TestBrowser attacker = new TestBrowser(port);
        attacker.postForm("/login", "email", "mallory-" + UUID.randomUUID() + "@example.org", "password", "right");
        String planted = attacker.cookies().get("gatehouse_session");
        assertThat(planted).isNotNull();

        TestBrowser victim = new TestBrowser(port);
        victim.setCookie("gatehouse_session", planted);
        victim.postForm("/login", "email", "victim-" + UUID.randomUUID() + "@example.org", "password", "right");
        String afterLogin = victim.cookies().get("gatehouse_session");
        TestBrowser.Page enroll = victim.get("/_gatehouse/enroll");
        Authenticator app = Authenticator.scan(enroll.body(), clock);
        victim.postForm("/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", app.code(0));
        String afterSecondFactor = victim.cookies().get("gatehouse_session");

        assertThat(afterLogin).isNotEqualTo(planted);
        assertThat(afterSecondFactor).isNotEqualTo(afterLogin).isNotEqualTo(planted);
        assertThat(victim.cookies()).containsKey("LEGACYSESSID");
        // The attacker's copy of the planted id never became the victim's verified session.
        attacker.setCookie("LEGACYSESSID", victim.cookies().get("LEGACYSESSID"));
        upstream.resetRequests();
        assertThat(attacker.get("/admin").status()).isEqualTo(303);
        assertThat(received()).isEmpty();
    }

    @Test
    @DisplayName("Guessable session ids: 256 bits from a CSPRNG, base64url, never repeated")
    void sessionIdsThenLongRandomAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            TestBrowser browser = new TestBrowser(port);
            browser.postForm("/login", "email", "user" + i + "@example.org", "password", "right");
            ids.add(browser.cookies().get("gatehouse_session"));
        }
        assertThat(ids).hasSize(20).allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9_-]{43,}"));
        // 20 ids x 43 characters: every base64url symbol should turn up; a counter or timestamp would not do that.
        Set<Character> symbols = new HashSet<>();
        ids.forEach(id -> id.chars().forEach(c -> symbols.add((char) c)));
        assertThat(symbols).hasSizeGreaterThan(55);
    }

    @Test
    @DisplayName("An upstream session cookie issued on a bypass route never opens a protected route")
    void upstreamCookieFromBypassRouteThenRefusedOnProtectedRoute() {
        upstream.stubFor(get(urlPathEqualTo("/public/remember-me"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Set-Cookie", "LEGACYSESSID=issued-on-bypass; Path=/")
                        .withBody("remembered")));
        TestBrowser browser = new TestBrowser(port);
        browser.get("/public/remember-me");
        browser.setCookie("LEGACYSESSID", "issued-on-bypass");
        upstream.resetRequests();

        TestBrowser.Page admin = browser.get("/admin");

        assertThat(admin.status()).isEqualTo(303);
        assertThat(admin.location()).isEqualTo("/login");
        assertThat(received()).isEmpty();
    }

    @Test
    @DisplayName("A password-only session whose upstream cookie is copied into another browser's session is refused")
    void passwordOnlyCookieInsideAnotherGatehouseSessionThenRefused() {
        TestBrowser mallory = passwordOnlyBrowser();
        TestBrowser other = passwordOnlyBrowser();
        other.setCookie("LEGACYSESSID", "someone-elses-session");

        assertThat(other.get("/reports/home").status()).isEqualTo(303);
        assertThat(mallory.get("/admin").location()).isEqualTo("/_gatehouse/enroll");
        assertThat(received()).isEmpty();
    }

    @ParameterizedTest(name = "Open redirect via the login observer's Location: {0}")
    @ValueSource(
            strings = {
                "//evil.example/x",
                "/\\evil.example",
                "\\\\evil.example",
                "https:evil.example",
                "https://evil.example/admin",
                "javascript:alert(1)",
                "/\t/evil.example",
                "/%0a/evil.example",
                " //evil.example",
                "//%65vil.example",
                "data:text/html,x",
                "/\u3002evil"
            })
    void loginLocationLeavingTheOriginThenReturnToIsTheRoot(String location) {
        assertThat(UpstreamResponseFilter.safeReturnTo(location))
                .satisfiesAnyOf(
                        target -> assertThat(target).isEqualTo("/"),
                        target -> assertThat(target)
                                .startsWith("/")
                                .doesNotStartWith("//")
                                .doesNotContain("\\")
                                .matches("[\\x21-\\x7e]+"));
        assertThat(io.gatehouse.web.SafeRedirect.target(location))
                .satisfiesAnyOf(
                        target -> assertThat(target).isEqualTo("/"),
                        target -> assertThat(target)
                                .startsWith("/")
                                .doesNotStartWith("//")
                                .doesNotContain("\\")
                                .matches("[\\x21-\\x7e]+"));
    }

    @Test
    @DisplayName(
            "CVE-2020-5233 oauth2-proxy-style open redirect: an upstream Location of /\\evil ends at / after the second factor")
    void loginWhoseUpstreamLocationLeavesOriginThenSecondFactorReturnsToRoot() {
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(1)
                .withRequestBody(containing("next=evil"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "/\\evil.example/phish")
                        .withHeader("Set-Cookie", "LEGACYSESSID=redirect-session; Path=/")));
        TestBrowser browser = new TestBrowser(port);
        browser.postForm(
                "/login", "email", "r-" + UUID.randomUUID() + "@example.org", "password", "right", "next", "evil");
        TestBrowser.Page enroll = browser.get("/_gatehouse/enroll");
        Authenticator app = Authenticator.scan(enroll.body(), clock);
        TestBrowser.Page codes = browser.postForm(
                "/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", app.code(0));
        TestBrowser.Page codesPage = browser.get(codes.location());
        TestBrowser.Page onward =
                browser.postForm("/_gatehouse/recovery-codes", "_csrf", Authenticator.csrf(codesPage.body()));

        assertThat(onward.location()).isEqualTo("/");
    }

    @Test
    @DisplayName("Malformed passcodes (full-width digits, sign, 7 digits, padding with zeros) are never accepted")
    void malformedCodesThenRefusedAndNoCookieReleased() {
        for (List<String> variants :
                List.of(List.of("\uFF10\uFF11\uFF12", "+", "0", ""), List.of("", "", " ", "\u0660"))) {
            String user = "t-" + UUID.randomUUID() + "@example.org";
            Authenticator app = enrollAndSignInAgain(user);
            TestBrowser browser = new TestBrowser(port);
            browser.postForm("/login", "email", user, "password", "right");
            String csrf =
                    Authenticator.csrf(browser.get("/_gatehouse/challenge").body());
            String code = app.code(0);
            List<String> attempts = variants.get(0).isEmpty()
                    ? List.of(code + "0", "0" + code, " " + code.substring(1) + " ", "\u0660" + code.substring(1))
                    : List.of(toFullWidth(code), "+" + code, "0" + code, code.substring(0, 5));
            for (String attempt : attempts) {
                TestBrowser.Page answer = browser.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", attempt);
                assertThat(answer.status()).as("code %s", attempt).isNotEqualTo(303);
            }
            assertThat(browser.cookies()).doesNotContainKey("LEGACYSESSID");
            assertThat(browser.postForm(
                                    "/_gatehouse/challenge",
                                    "_csrf",
                                    csrf,
                                    "code",
                                    code.substring(0, 3) + " " + code.substring(3))
                            .status())
                    .as("spaces people type are fine")
                    .isEqualTo(303);
        }
    }

    @Test
    @DisplayName("Parallel replay (RFC 6238 5.2): one code submitted by two sessions at once is accepted once")
    void sameCodeSubmittedInParallelThenAcceptedExactlyOnce() throws Exception {
        String user = "p-" + UUID.randomUUID() + "@example.org";
        Authenticator app = enrollAndSignInAgain(user);
        TestBrowser first = new TestBrowser(port);
        TestBrowser second = new TestBrowser(port);
        first.postForm("/login", "email", user, "password", "right");
        second.postForm("/login", "email", user, "password", "right");
        String firstCsrf = Authenticator.csrf(first.get("/_gatehouse/challenge").body());
        String secondCsrf =
                Authenticator.csrf(second.get("/_gatehouse/challenge").body());
        String code = app.code(0);
        CountDownLatch start = new CountDownLatch(1);

        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> {
            await(start);
            return first.postForm("/_gatehouse/challenge", "_csrf", firstCsrf, "code", code)
                    .status();
        });
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> {
            await(start);
            return second.postForm("/_gatehouse/challenge", "_csrf", secondCsrf, "code", code)
                    .status();
        });
        start.countDown();

        assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(303, 200);
    }

    @Test
    @DisplayName("CSRF on the passcode form: missing token, another session's token, foreign Origin")
    void challengeFormWithoutValidCsrfOrWithForeignOriginThenRefused() {
        String user = "c-" + UUID.randomUUID() + "@example.org";
        Authenticator app = enrollAndSignInAgain(user);
        TestBrowser victim = new TestBrowser(port);
        victim.postForm("/login", "email", user, "password", "right");
        String csrf = Authenticator.csrf(victim.get("/_gatehouse/challenge").body());
        TestBrowser other = new TestBrowser(port);
        other.postForm("/login", "email", "o-" + UUID.randomUUID() + "@example.org", "password", "right");
        String foreign = Authenticator.csrf(other.get("/_gatehouse/enroll").body());

        assertThat(victim.postForm("/_gatehouse/challenge", "code", app.code(0)).status())
                .isEqualTo(403);
        assertThat(victim.postForm("/_gatehouse/challenge", "_csrf", foreign, "code", app.code(0))
                        .status())
                .isEqualTo(403);
        LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("_csrf", csrf);
        form.add("code", app.code(0));
        assertThat(victim.request(
                                HttpMethod.POST,
                                "/_gatehouse/challenge",
                                MediaType.TEXT_HTML,
                                MediaType.APPLICATION_FORM_URLENCODED,
                                form,
                                headers -> headers.setOrigin("https://evil.example"))
                        .status())
                .isEqualTo(403);
        assertThat(victim.request(
                                HttpMethod.POST,
                                "/_gatehouse/challenge",
                                MediaType.TEXT_HTML,
                                MediaType.APPLICATION_FORM_URLENCODED,
                                form,
                                headers -> headers.setOrigin("null"))
                        .status())
                .isEqualTo(403);
        assertThat(victim.cookies()).doesNotContainKey("LEGACYSESSID");
    }

    @ParameterizedTest(name = "Clickjacking: {0} cannot be framed")
    @ValueSource(strings = {"/_gatehouse/challenge", "/_gatehouse/enroll", "/_gatehouse/recovery"})
    void gatehousePagesThenNotFramable(String page) {
        TestBrowser browser = new TestBrowser(port);
        browser.postForm("/login", "email", "f-" + UUID.randomUUID() + "@example.org", "password", "right");

        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request(
                        "GET " + page + " HTTP/1.1",
                        "Accept: text/html",
                        "Cookie: gatehouse_session=" + browser.cookies().get("gatehouse_session")));

        if (response.status() == 200) {
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        } else {
            assertThat(response.status()).isEqualTo(303);
        }
    }

    private Authenticator enrollAndSignInAgain(String user) {
        TestBrowser browser = new TestBrowser(port);
        browser.postForm("/login", "email", user, "password", "right");
        TestBrowser.Page enroll = browser.get("/_gatehouse/enroll");
        Authenticator app = Authenticator.scan(enroll.body(), clock);
        browser.postForm("/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", app.code(0));
        // The enrollment code's time step is used; the next login needs the next one.
        clock.advance(java.time.Duration.ofSeconds(30));
        return app;
    }

    private static String toFullWidth(String digits) {
        StringBuilder out = new StringBuilder();
        digits.chars().forEach(c -> out.append((char) (0xFF10 + (c - '0'))));
        return out.toString();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
