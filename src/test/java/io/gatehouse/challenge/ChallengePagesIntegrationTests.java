package io.gatehouse.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.Authenticator;
import io.gatehouse.support.TestBrowser;
import io.gatehouse.totp.TotpSecret;
import io.gatehouse.web.PagesIntegrationTestSupport;
import io.gatehouse.web.TestSignInConfiguration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ChallengePagesIntegrationTests extends PagesIntegrationTestSupport {

    @Test
    void challengeWhenEnrolledThenShowsPasscodeForm() {
        String user = newUser("bob");
        enrollThroughPages(user);

        TestBrowser.Page page = browser().get(CHALLENGE, signInEnrolled(user));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains(
                        "<label class=\"gh-label\" for=\"code\">Passcode</label>",
                        "inputmode=\"numeric\"",
                        "autocomplete=\"one-time-code\"",
                        "autofocus",
                        ">Log in</button>",
                        "href=\"/_gatehouse/recovery\"");
        assertSecurityHeaders(page);
    }

    @Test
    void challengeWhenRightCodeThenCookiesReleasedAndRedirectToReturnTo() {
        String user = newUser("bob");
        TotpSecret secret = enrollThroughPages(user);
        TestBrowser browser = browser();
        String html = browser.get(CHALLENGE, signInEnrolled(user)).body();

        // The enrollment used this step's code; the app's next code is inside the accepted window.
        TestBrowser.Page result =
                browser.postForm(CHALLENGE, Map.of("_csrf", Authenticator.csrf(html), "code", code(secret, 1)));

        assertThat(result.status()).isEqualTo(303);
        assertThat(result.headers().getLocation()).hasToString(TestSignInConfiguration.RETURN_TO);
        assertThat(setCookies(result)).contains(TestSignInConfiguration.HELD_COOKIE);
        assertSecurityHeaders(result);
    }

    @Test
    void challengeWhenCodeAlreadyUsedThenReplayMessageAndNothingReleased() {
        String user = newUser("bob");
        TotpSecret secret = enrollThroughPages(user);
        TestBrowser browser = browser();
        String html = browser.get(CHALLENGE, signInEnrolled(user)).body();

        // The same code that confirmed the enrollment.
        TestBrowser.Page result =
                browser.postForm(CHALLENGE, Map.of("_csrf", Authenticator.csrf(html), "code", code(secret, 0)));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body())
                .contains("That code has already been used", "aria-describedby=\"code-hint code-error\"");
        assertThat(setCookies(result)).noneMatch(c -> c.startsWith("LEGACYSESSID"));
    }

    @Test
    void challengeWhenWrongCodesThenMessagesThenLockoutPage() {
        String user = newUser("bob");
        TotpSecret secret = enrollThroughPages(user);
        TestBrowser browser = browser();
        String html = browser.get(CHALLENGE, signInEnrolled(user)).body();
        String wrong = wrongCode(secret);

        TestBrowser.Page first = browser.postForm(CHALLENGE, Map.of("_csrf", Authenticator.csrf(html), "code", wrong));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("That passcode is not right").doesNotContain("more tr");

        TestBrowser.Page previous = first;
        TestBrowser.Page last = first;
        for (int i = 0; i < 10 && last.status() == 200; i++) {
            previous = last;
            last = browser.postForm(CHALLENGE, Map.of("_csrf", Authenticator.csrf(html), "code", wrong));
        }
        assertThat(previous.body())
                .as("warned before the lockout")
                .containsPattern("You have 1 more try before|This was your last try");

        assertThat(last.status()).isEqualTo(429);
        assertThat(last.body())
                .contains(
                        "Sign-in is locked for now",
                        "try again in about",
                        " UTC.",
                        "If you need help, contact your site administrator.");
        assertThat(last.headers().getFirst(HttpHeaders.RETRY_AFTER)).matches("\\d+");
        assertSecurityHeaders(last);

        // Locked: even the right code is not checked.
        TestBrowser.Page locked =
                browser.postForm(CHALLENGE, Map.of("_csrf", Authenticator.csrf(html), "code", code(secret, 1)));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(setCookies(locked)).noneMatch(c -> c.startsWith("LEGACYSESSID"));
    }

    @Test
    void challengeWhenCsrfMissingThen403AndCodeNotSpent() {
        String user = newUser("bob");
        TotpSecret secret = enrollThroughPages(user);
        TestBrowser browser = browser();
        String html = browser.get(CHALLENGE, signInEnrolled(user)).body();

        TestBrowser.Page refused = browser.postForm(CHALLENGE, Map.of("code", code(secret, 1)));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(setCookies(refused)).noneMatch(c -> c.startsWith("LEGACYSESSID"));

        TestBrowser.Page accepted =
                browser.postForm(CHALLENGE, Map.of("_csrf", Authenticator.csrf(html), "code", code(secret, 1)));
        assertThat(accepted.status())
                .as("the code was not used up by the refused form")
                .isEqualTo(303);
    }

    @Test
    void challengeWhenForeignRefererThen403() {
        String user = newUser("bob");
        TotpSecret secret = enrollThroughPages(user);
        TestBrowser browser = browser();
        String html = browser.get(CHALLENGE, signInEnrolled(user)).body();

        TestBrowser.Page refused = browser.postForm(
                CHALLENGE,
                Map.of("_csrf", Authenticator.csrf(html), "code", code(secret, 1)),
                headers -> headers.set(HttpHeaders.REFERER, "https://evil.example/phish"));

        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void challengeWhenNotEnrolledThenRedirectToEnroll() {
        TestBrowser.Page result = browser().get(CHALLENGE, signIn(newUser("bob")));

        assertThat(result.status()).isEqualTo(303);
        assertThat(result.headers().getLocation()).hasToString(ENROLL);
    }

    @Test
    void challengeWhenNoUserThenRedirectToLogin() {
        TestBrowser.Page result = browser().get(CHALLENGE);

        assertThat(result.headers().getLocation()).hasToString("/login");
    }

    @Test
    void recoveryWhenCodeFromEnrollmentThenReleasedAndFlashCountsRemaining() {
        String user = newUser("bob");
        TestBrowser enrolling = browser();
        String enrollPage = enrolling.get(ENROLL, signIn(user)).body();
        enrolling.postForm(
                ENROLL, Map.of("_csrf", Authenticator.csrf(enrollPage), "token", code(keyShown(enrollPage), 0)));
        List<String> codes = java.util.regex.Pattern.compile("<li><code>([^<]+)</code></li>")
                .matcher(enrolling.get(RECOVERY_CODES).body())
                .results()
                .map(m -> m.group(1))
                .toList();

        TestBrowser browser = browser();
        TestBrowser.Page page = browser.get(RECOVERY, signInEnrolled(user));
        assertThat(page.body()).contains("<label class=\"gh-label\" for=\"code\">Recovery code</label>");
        assertSecurityHeaders(page);

        TestBrowser.Page wrong =
                browser.postForm(RECOVERY, Map.of("_csrf", Authenticator.csrf(page.body()), "code", "AAAA-BBBB-CCCC"));
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body()).contains("That recovery code is not right");

        TestBrowser.Page used = browser.postForm(
                RECOVERY,
                Map.of(
                        "_csrf",
                        Authenticator.csrf(page.body()),
                        "code",
                        codes.get(0).toUpperCase().replace("-", " ")));
        assertThat(used.status()).isEqualTo(303);
        assertThat(used.headers().getLocation()).hasToString(TestSignInConfiguration.RETURN_TO);
        assertThat(setCookies(used)).contains(TestSignInConfiguration.HELD_COOKIE);
    }

    @Test
    void unknownGatehousePageWhenBrowserThenBrandedNotFoundPage() {
        TestBrowser.Page result = browser().get("/_gatehouse/no-such-page");

        assertThat(result.status()).isEqualTo(404);
        assertThat(result.body()).contains("<h1>Page not found</h1>");
        assertSecurityHeaders(result);
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    private static String wrongCode(TotpSecret secret) {
        for (String candidate : List.of("000000", "111111", "222222")) {
            if (!candidate.equals(code(secret, -1))
                    && !candidate.equals(code(secret, 0))
                    && !candidate.equals(code(secret, 1))) {
                return candidate;
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
