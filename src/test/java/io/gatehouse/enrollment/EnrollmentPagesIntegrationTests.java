package io.gatehouse.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.Authenticator;
import io.gatehouse.support.TestBrowser;
import io.gatehouse.totp.TotpSecret;
import io.gatehouse.web.GatehousePaths;
import io.gatehouse.web.PagesIntegrationTestSupport;
import io.gatehouse.web.TestSignInConfiguration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class EnrollmentPagesIntegrationTests extends PagesIntegrationTestSupport {

    private static final Pattern INPUT = Pattern.compile("<input[^>]*>");
    private static final Pattern RECOVERY_CODE = Pattern.compile("<li><code>([^<]+)</code></li>");

    @Test
    void enrollWhenSignedInAndNotEnrolledThenShowsQrCodeKeyAndTokenField() {
        TestBrowser.Page page = browser().get(ENROLL, signIn(newUser("alice")));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo("text/html;charset=UTF-8");
        String html = page.body();
        assertThat(html)
                .contains(
                        "<html lang=\"en\">",
                        "<h1>Set up two-factor authentication</h1>",
                        "<svg",
                        "<figcaption>",
                        "Activate two-factor authentication");
        assertThat(keyShown(html).base32()).hasSize(32);
        assertThat(html).containsPattern("id=\"gh-key\">([A-Z2-7]{4} ){7}[A-Z2-7]{4}</code>");
        assertThat(html)
                .contains("<label class=\"gh-label\" for=\"token\">Token</label>")
                .contains(
                        "inputmode=\"numeric\"",
                        "autocomplete=\"one-time-code\"",
                        "autofocus",
                        "aria-describedby=\"token-hint\"")
                .doesNotContain("pattern=");
        assertSecurityHeaders(page);
    }

    @Test
    void enrollWhenPageShownThenPendingSecretIsNotInAnyFormField() {
        String html = browser().get(ENROLL, signIn(newUser("alice"))).body();
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
        String first = browser.get(ENROLL, signIn(newUser("alice"))).body();
        String second = browser.get(ENROLL).body();

        assertThat(keyShown(second)).isEqualTo(keyShown(first));
    }

    @Test
    void enrollWhenWrongTokenThenErrorLinkedToFieldAndSameKey() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).body();
        TotpSecret secret = keyShown(html);
        String wrong = code(secret, 0).equals("000000") ? "111111" : "000000";

        TestBrowser.Page result = browser.postForm(ENROLL, Map.of("_csrf", Authenticator.csrf(html), "token", wrong));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body())
                .contains(
                        "<title>Error: Set up two-factor authentication",
                        "id=\"token-error\"",
                        "That token is not right",
                        "aria-describedby=\"token-hint token-error\"",
                        "aria-invalid=\"true\"");
        assertThat(keyShown(result.body())).isEqualTo(secret);
        assertThat(setCookies(result)).noneMatch(c -> c.startsWith("LEGACYSESSID"));
        assertSecurityHeaders(result);
    }

    @Test
    void enrollWhenRightTokenWithSpacesThenCookiesReleasedAndRecoveryCodesShownOnce() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).body();
        String token = code(keyShown(html), 0);
        String sessionBefore = browser.cookies().get(GatehousePaths.SESSION_COOKIE);

        TestBrowser.Page done = browser.postForm(
                ENROLL,
                Map.of("_csrf", Authenticator.csrf(html), "token", token.substring(0, 3) + " " + token.substring(3)));

        assertThat(done.status()).isEqualTo(303);
        assertThat(done.headers().getLocation()).hasToString(RECOVERY_CODES);
        assertThat(setCookies(done)).contains(TestSignInConfiguration.HELD_COOKIE);
        assertThat(browser.cookies().get(GatehousePaths.SESSION_COOKIE))
                .as("session id renewed")
                .isNotEqualTo(sessionBefore);

        TestBrowser.Page codesPage = browser.get(RECOVERY_CODES);
        assertThat(codesPage.status()).isEqualTo(200);
        assertSecurityHeaders(codesPage);
        List<String> codes = RECOVERY_CODE
                .matcher(codesPage.body())
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(codes).hasSize(10);
        assertThat(codesPage.body())
                .contains("href=\"/_gatehouse/recovery-codes.txt\"", "data-gh-copy", "data-gh-print");

        TestBrowser.Page file = browser.get("/_gatehouse/recovery-codes.txt");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.headers().getContentDisposition().isAttachment()).isTrue();
        assertThat(file.headers().getFirst(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
        assertThat(file.body()).contains(codes.toArray(String[]::new));

        TestBrowser.Page again = browser.get(RECOVERY_CODES);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("shown only once").doesNotContain(codes.get(0));
        assertThat(browser.get("/_gatehouse/recovery-codes.txt").status()).isEqualTo(303);

        TestBrowser.Page onward = browser.postForm(RECOVERY_CODES, Map.of("_csrf", Authenticator.csrf(again.body())));
        assertThat(onward.status()).isEqualTo(303);
        assertThat(onward.headers().getLocation()).hasToString(TestSignInConfiguration.RETURN_TO);
    }

    @Test
    void recoveryCodesWhenContinuedThenGoneAndUserReturned() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).body();
        browser.postForm(ENROLL, Map.of("_csrf", Authenticator.csrf(html), "token", code(keyShown(html), 0)));
        String codesPage = browser.get(RECOVERY_CODES).body();

        TestBrowser.Page onward = browser.postForm(RECOVERY_CODES, Map.of("_csrf", Authenticator.csrf(codesPage)));

        assertThat(onward.headers().getLocation()).hasToString("/admin");
        assertThat(browser.get(RECOVERY_CODES).headers().getLocation()).hasToString("/admin");
    }

    @Test
    void enrollWhenCsrfTokenMissingThen403AndNothingChanged() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).body();
        TotpSecret secret = keyShown(html);

        TestBrowser.Page refused = browser.postForm(ENROLL, Map.of("token", code(secret, 0)));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("This form has expired");
        assertThat(setCookies(refused)).noneMatch(c -> c.startsWith("LEGACYSESSID"));
        assertSecurityHeaders(refused);
        TestBrowser.Page still = browser.get(ENROLL);
        assertThat(still.status()).as("still not enrolled").isEqualTo(200);
        assertThat(keyShown(still.body())).isEqualTo(secret);
    }

    @Test
    void enrollWhenCsrfTokenWrongThen403() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).body();

        TestBrowser.Page refused = browser.postForm(
                ENROLL, Map.of("_csrf", Authenticator.csrf(html) + "x", "token", code(keyShown(html), 0)));

        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void enrollWhenForeignOriginThen403AndNothingChanged() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).body();

        TestBrowser.Page refused = browser.postForm(
                ENROLL,
                Map.of("_csrf", Authenticator.csrf(html), "token", code(keyShown(html), 0)),
                headers -> headers.set(HttpHeaders.ORIGIN, "https://evil.example"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(browser.get(ENROLL).status()).isEqualTo(200);
    }

    @Test
    void enrollWhenSameOriginHeaderThenAccepted() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).body();

        TestBrowser.Page done = browser.postForm(
                ENROLL,
                Map.of("_csrf", Authenticator.csrf(html), "token", code(keyShown(html), 0)),
                headers -> headers.set(HttpHeaders.ORIGIN, browser.origin()));

        assertThat(done.status()).isEqualTo(303);
    }

    @Test
    void enrollWhenNoSignedInUserThenRedirectToUpstreamLogin() {
        TestBrowser.Page result = browser().get(ENROLL);

        assertThat(result.status()).isEqualTo(303);
        assertThat(result.headers().getLocation()).hasToString("/login");
    }

    @Test
    void enrollWhenAlreadyEnrolledThenRedirectToChallenge() {
        String user = newUser("alice");
        enrollThroughPages(user);

        TestBrowser.Page result = browser().get(ENROLL, signInEnrolled(user));

        assertThat(result.status()).isEqualTo(303);
        assertThat(result.headers().getLocation()).hasToString(CHALLENGE);
    }

    @Test
    void assetsWhenRequestedThenServedWithTypesAndCaching() {
        TestBrowser browser = browser();
        String html = browser.get(ENROLL, signIn(newUser("alice"))).body();
        Matcher css = Pattern.compile("href=\"(/_gatehouse/assets/gatehouse\\.css\\?v=[0-9a-f]+)\"")
                .matcher(html);
        assertThat(css.find()).isTrue();

        TestBrowser.Page stylesheet = browser.get(css.group(1));
        assertThat(stylesheet.status()).isEqualTo(200);
        assertThat(stylesheet.headers().getFirst(HttpHeaders.CONTENT_TYPE)).startsWith("text/css");
        assertThat(stylesheet.headers().getCacheControl()).contains("max-age=31536000");

        TestBrowser.Page theme = browser.get("/_gatehouse/assets/theme.css");
        assertThat(theme.body()).contains("--gh-accent:#1d4ed8");
        assertThat(theme.headers().getCacheControl()).isEqualTo("no-cache");
        assertThat(browser.get("/_gatehouse/assets/gatehouse.js").headers().getFirst(HttpHeaders.CONTENT_TYPE))
                .startsWith("text/javascript");
        assertThat(browser.get("/_gatehouse/assets/nope.css").status()).isEqualTo(404);
        assertThat(upstream.getAllServeEvents())
                .as("nothing forwarded upstream")
                .isEmpty();
    }
}
