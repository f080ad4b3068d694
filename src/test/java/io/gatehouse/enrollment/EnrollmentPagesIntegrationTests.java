package io.gatehouse.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.proxy.GatehousePaths;
import io.gatehouse.totp.TotpSecret;
import io.gatehouse.web.PagesIntegrationTestSupport;
import io.gatehouse.web.TestBrowser;
import io.gatehouse.web.TestSignInConfiguration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

class EnrollmentPagesIntegrationTests extends PagesIntegrationTestSupport {

    private static final Pattern INPUT = Pattern.compile("<input[^>]*>");
    private static final Pattern RECOVERY_CODE = Pattern.compile("<li><code>([^<]+)</code></li>");

    @Test
    void enrollWhenSignedInAndNotEnrolledThenShowsQrCodeKeyAndTokenField() {
        EntityExchangeResult<String> page = browser().get(ENROLL, signIn(newUser("alice")));

        assertThat(page.getStatus().value()).isEqualTo(200);
        assertThat(page.getResponseHeaders().getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo("text/html;charset=UTF-8");
        String html = page.getResponseBody();
        assertThat(html).contains("<html lang=\"en\">", "<h1>Set up two-factor authentication</h1>", "<svg",
                "<figcaption>", "Activate two-factor authentication");
        assertThat(keyShown(html).base32()).hasSize(32);
        assertThat(html).containsPattern("id=\"gh-key\">([A-Z2-7]{4} ){7}[A-Z2-7]{4}</code>");
        assertThat(html).contains("<label class=\"gh-label\" for=\"token\">Token</label>")
                .contains("inputmode=\"numeric\"", "autocomplete=\"one-time-code\"", "autofocus",
                        "aria-describedby=\"token-hint\"")
                .doesNotContain("pattern=");
        assertSecurityHeaders(page);
    }

    @Test
    void enrollWhenPageShownThenPendingSecretIsNotInAnyFormField() {
        String html = browser().get(ENROLL, signIn(newUser("alice"))).getResponseBody();
        String secret = keyShown(html).base32();

        Matcher inputs = INPUT.matcher(html);
        int count = 0;
        while (inputs.find()) {
            count++;
            assertThat(inputs.group()).doesNotContain(secret).containsPattern("name=\"(_csrf|token)\"");
        }
        assertThat(count).isEqualTo(2);
    }

    @Test
    void enrollWhenReloadedThenSameSecretIsShown() {
        TestBrowser browser = browser();
        String first = browser.get(ENROLL, signIn(newUser("alice"))).getResponseBody();
        String second = browser.get(ENROLL).getResponseBody();

        assertThat(keyShown(second)).isEqualTo(keyShown(first));
    }

    @Test
    void enrollWhenWrongTokenThenErrorLinkedToFieldAndSameKey() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).getResponseBody();
        TotpSecret secret = keyShown(html);
        String wrong = code(secret, 0).equals("000000") ? "111111" : "000000";

        EntityExchangeResult<String> result = browser.post(ENROLL, Map.of("_csrf", TestBrowser.csrf(html), "token", wrong));

        assertThat(result.getStatus().value()).isEqualTo(200);
        assertThat(result.getResponseBody())
                .contains("<title>Error: Set up two-factor authentication", "id=\"token-error\"",
                        "That token is not right", "aria-describedby=\"token-hint token-error\"", "aria-invalid=\"true\"");
        assertThat(keyShown(result.getResponseBody())).isEqualTo(secret);
        assertThat(setCookies(result)).noneMatch(c -> c.startsWith("LEGACYSESSID"));
        assertSecurityHeaders(result);
    }

    @Test
    void enrollWhenRightTokenWithSpacesThenCookiesReleasedAndRecoveryCodesShownOnce() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).getResponseBody();
        String token = code(keyShown(html), 0);
        String sessionBefore = browser.cookies().get(GatehousePaths.SESSION_COOKIE);

        EntityExchangeResult<String> done = browser.post(ENROLL,
                Map.of("_csrf", TestBrowser.csrf(html), "token", token.substring(0, 3) + " " + token.substring(3)));

        assertThat(done.getStatus().value()).isEqualTo(303);
        assertThat(done.getResponseHeaders().getLocation()).hasToString(RECOVERY_CODES);
        assertThat(setCookies(done)).contains(TestSignInConfiguration.HELD_COOKIE);
        assertThat(browser.cookies().get(GatehousePaths.SESSION_COOKIE)).as("session id renewed").isNotEqualTo(sessionBefore);

        EntityExchangeResult<String> codesPage = browser.get(RECOVERY_CODES);
        assertThat(codesPage.getStatus().value()).isEqualTo(200);
        assertSecurityHeaders(codesPage);
        List<String> codes = RECOVERY_CODE.matcher(codesPage.getResponseBody()).results().map(m -> m.group(1)).toList();
        assertThat(codes).hasSize(10);
        assertThat(codesPage.getResponseBody()).contains("href=\"/_gatehouse/recovery-codes.txt\"", "data-gh-copy",
                "data-gh-print");

        EntityExchangeResult<String> file = browser.get("/_gatehouse/recovery-codes.txt");
        assertThat(file.getStatus().value()).isEqualTo(200);
        assertThat(file.getResponseHeaders().getContentDisposition().isAttachment()).isTrue();
        assertThat(file.getResponseHeaders().getFirst(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
        assertThat(file.getResponseBody()).contains(codes.toArray(String[]::new));

        EntityExchangeResult<String> again = browser.get(RECOVERY_CODES);
        assertThat(again.getStatus().value()).isEqualTo(200);
        assertThat(again.getResponseBody()).contains("shown only once").doesNotContain(codes.get(0));
        assertThat(browser.get("/_gatehouse/recovery-codes.txt").getStatus().value()).isEqualTo(303);

        EntityExchangeResult<String> onward = browser.post(RECOVERY_CODES, Map.of("_csrf", TestBrowser.csrf(again.getResponseBody())));
        assertThat(onward.getStatus().value()).isEqualTo(303);
        assertThat(onward.getResponseHeaders().getLocation()).hasToString(TestSignInConfiguration.RETURN_TO);
    }

    @Test
    void recoveryCodesWhenContinuedThenGoneAndUserReturned() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).getResponseBody();
        browser.post(ENROLL, Map.of("_csrf", TestBrowser.csrf(html), "token", code(keyShown(html), 0)));
        String codesPage = browser.get(RECOVERY_CODES).getResponseBody();

        EntityExchangeResult<String> onward = browser.post(RECOVERY_CODES, Map.of("_csrf", TestBrowser.csrf(codesPage)));

        assertThat(onward.getResponseHeaders().getLocation()).hasToString("/admin");
        assertThat(browser.get(RECOVERY_CODES).getResponseHeaders().getLocation()).hasToString("/admin");
    }

    @Test
    void enrollWhenCsrfTokenMissingThen403AndNothingChanged() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).getResponseBody();
        TotpSecret secret = keyShown(html);

        EntityExchangeResult<String> refused = browser.post(ENROLL, Map.of("token", code(secret, 0)));

        assertThat(refused.getStatus().value()).isEqualTo(403);
        assertThat(refused.getResponseBody()).contains("This form has expired");
        assertThat(setCookies(refused)).noneMatch(c -> c.startsWith("LEGACYSESSID"));
        assertSecurityHeaders(refused);
        EntityExchangeResult<String> still = browser.get(ENROLL);
        assertThat(still.getStatus().value()).as("still not enrolled").isEqualTo(200);
        assertThat(keyShown(still.getResponseBody())).isEqualTo(secret);
    }

    @Test
    void enrollWhenCsrfTokenWrongThen403() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).getResponseBody();

        EntityExchangeResult<String> refused = browser.post(ENROLL,
                Map.of("_csrf", TestBrowser.csrf(html) + "x", "token", code(keyShown(html), 0)));

        assertThat(refused.getStatus().value()).isEqualTo(403);
    }

    @Test
    void enrollWhenForeignOriginThen403AndNothingChanged() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).getResponseBody();

        EntityExchangeResult<String> refused = browser.post(ENROLL,
                Map.of("_csrf", TestBrowser.csrf(html), "token", code(keyShown(html), 0)),
                headers -> headers.set(HttpHeaders.ORIGIN, "https://evil.example"));

        assertThat(refused.getStatus().value()).isEqualTo(403);
        assertThat(browser.get(ENROLL).getStatus().value()).isEqualTo(200);
    }

    @Test
    void enrollWhenSameOriginHeaderThenAccepted() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).getResponseBody();

        EntityExchangeResult<String> done = browser.post(ENROLL,
                Map.of("_csrf", TestBrowser.csrf(html), "token", code(keyShown(html), 0)),
                headers -> headers.set(HttpHeaders.ORIGIN, "http://127.0.0.1:" + port));

        assertThat(done.getStatus().value()).isEqualTo(303);
    }

    @Test
    void enrollWhenNoSignedInUserThenRedirectToUpstreamLogin() {
        EntityExchangeResult<String> result = browser().get(ENROLL);

        assertThat(result.getStatus().value()).isEqualTo(303);
        assertThat(result.getResponseHeaders().getLocation()).hasToString("/login");
    }

    @Test
    void enrollWhenAlreadyEnrolledThenRedirectToChallenge() {
        String user = newUser("alice");
        enrollThroughPages(user);

        EntityExchangeResult<String> result = browser().get(ENROLL, signInEnrolled(user));

        assertThat(result.getStatus().value()).isEqualTo(303);
        assertThat(result.getResponseHeaders().getLocation()).hasToString(CHALLENGE);
    }

    @Test
    void assetsWhenRequestedThenServedWithTypesAndCaching() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).getResponseBody();
        Matcher css = Pattern.compile("href=\"(/_gatehouse/assets/gatehouse\\.css\\?v=[0-9a-f]+)\"").matcher(html);
        assertThat(css.find()).isTrue();

        EntityExchangeResult<String> stylesheet = browser.get(css.group(1));
        assertThat(stylesheet.getStatus().value()).isEqualTo(200);
        assertThat(stylesheet.getResponseHeaders().getFirst(HttpHeaders.CONTENT_TYPE)).startsWith("text/css");
        assertThat(stylesheet.getResponseHeaders().getCacheControl()).contains("max-age=31536000");

        EntityExchangeResult<String> theme = browser.get("/_gatehouse/assets/theme.css");
        assertThat(theme.getResponseBody()).contains("--gh-accent:#1d4ed8");
        assertThat(theme.getResponseHeaders().getCacheControl()).isEqualTo("no-cache");
        assertThat(browser.get("/_gatehouse/assets/gatehouse.js").getResponseHeaders().getFirst(HttpHeaders.CONTENT_TYPE))
                .startsWith("text/javascript");
        assertThat(browser.get("/_gatehouse/assets/nope.css").getStatus().value()).isEqualTo(404);
        assertThat(upstream.getAllServeEvents()).as("nothing forwarded upstream").isEmpty();
    }
}
