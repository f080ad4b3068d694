package io.gatehouse.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.totp.TotpSecret;
import io.gatehouse.web.PagesIntegrationTestSupport;
import io.gatehouse.web.TestBrowser;
import io.gatehouse.web.TestSignInConfiguration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

class ChallengePagesIntegrationTests extends PagesIntegrationTestSupport {

    @Test
    void challengeWhenEnrolledThenShowsPasscodeForm() {
        String user = newUser("bob");
        enrollThroughPages(user);

        EntityExchangeResult<String> page = browser().get(CHALLENGE, signInEnrolled(user));

        assertThat(page.getStatus().value()).isEqualTo(200);
        assertThat(page.getResponseBody()).contains("<label class=\"gh-label\" for=\"code\">Passcode</label>",
                "inputmode=\"numeric\"", "autocomplete=\"one-time-code\"", "autofocus", ">Log in</button>",
                "href=\"/_gatehouse/recovery\"");
        assertSecurityHeaders(page);
    }

    @Test
    void challengeWhenRightCodeThenCookiesReleasedAndRedirectToReturnTo() {
        String user = newUser("bob");
        TotpSecret secret = enrollThroughPages(user);
        TestBrowser browser = browser();
        String html = browser.get(CHALLENGE, signInEnrolled(user)).getResponseBody();

        // The enrollment used this step's code; the app's next code is inside the accepted window.
        EntityExchangeResult<String> result = browser.post(CHALLENGE,
                Map.of("_csrf", TestBrowser.csrf(html), "code", code(secret, 1)));

        assertThat(result.getStatus().value()).isEqualTo(303);
        assertThat(result.getResponseHeaders().getLocation()).hasToString(TestSignInConfiguration.RETURN_TO);
        assertThat(setCookies(result)).contains(TestSignInConfiguration.HELD_COOKIE);
        assertSecurityHeaders(result);
    }

    @Test
    void challengeWhenCodeAlreadyUsedThenReplayMessageAndNothingReleased() {
        String user = newUser("bob");
        TotpSecret secret = enrollThroughPages(user);
        TestBrowser browser = browser();
        String html = browser.get(CHALLENGE, signInEnrolled(user)).getResponseBody();

        // The same code that confirmed the enrollment.
        EntityExchangeResult<String> result = browser.post(CHALLENGE,
                Map.of("_csrf", TestBrowser.csrf(html), "code", code(secret, 0)));

        assertThat(result.getStatus().value()).isEqualTo(200);
        assertThat(result.getResponseBody()).contains("That code has already been used",
                "aria-describedby=\"code-hint code-error\"");
        assertThat(setCookies(result)).noneMatch(c -> c.startsWith("LEGACYSESSID"));
    }

    @Test
    void challengeWhenWrongCodesThenMessagesThenLockoutPage() {
        String user = newUser("bob");
        TotpSecret secret = enrollThroughPages(user);
        TestBrowser browser = browser();
        String html = browser.get(CHALLENGE, signInEnrolled(user)).getResponseBody();
        String wrong = wrongCode(secret);

        EntityExchangeResult<String> first = browser.post(CHALLENGE, Map.of("_csrf", TestBrowser.csrf(html), "code", wrong));
        assertThat(first.getStatus().value()).isEqualTo(200);
        assertThat(first.getResponseBody()).contains("That passcode is not right").doesNotContain("more tr");

        EntityExchangeResult<String> previous = first;
        EntityExchangeResult<String> last = first;
        for (int i = 0; i < 10 && last.getStatus().value() == 200; i++) {
            previous = last;
            last = browser.post(CHALLENGE, Map.of("_csrf", TestBrowser.csrf(html), "code", wrong));
        }
        assertThat(previous.getResponseBody()).as("warned before the lockout")
                .containsPattern("You have 1 more try before|This was your last try");

        assertThat(last.getStatus().value()).isEqualTo(429);
        assertThat(last.getResponseBody()).contains("Sign-in is locked for now", "try again in about", " UTC.",
                "If you need help, contact your site administrator.");
        assertThat(last.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).matches("\\d+");
        assertSecurityHeaders(last);

        // Locked: even the right code is not checked.
        EntityExchangeResult<String> locked = browser.post(CHALLENGE,
                Map.of("_csrf", TestBrowser.csrf(html), "code", code(secret, 1)));
        assertThat(locked.getStatus().value()).isEqualTo(429);
        assertThat(setCookies(locked)).noneMatch(c -> c.startsWith("LEGACYSESSID"));
    }

    @Test
    void challengeWhenCsrfMissingThen403AndCodeNotSpent() {
        String user = newUser("bob");
        TotpSecret secret = enrollThroughPages(user);
        TestBrowser browser = browser();
        String html = browser.get(CHALLENGE, signInEnrolled(user)).getResponseBody();

        EntityExchangeResult<String> refused = browser.post(CHALLENGE, Map.of("code", code(secret, 1)));
        assertThat(refused.getStatus().value()).isEqualTo(403);
        assertThat(setCookies(refused)).noneMatch(c -> c.startsWith("LEGACYSESSID"));

        EntityExchangeResult<String> accepted = browser.post(CHALLENGE,
                Map.of("_csrf", TestBrowser.csrf(html), "code", code(secret, 1)));
        assertThat(accepted.getStatus().value()).as("the code was not used up by the refused form").isEqualTo(303);
    }

    @Test
    void challengeWhenForeignRefererThen403() {
        String user = newUser("bob");
        TotpSecret secret = enrollThroughPages(user);
        TestBrowser browser = browser();
        String html = browser.get(CHALLENGE, signInEnrolled(user)).getResponseBody();

        EntityExchangeResult<String> refused = browser.post(CHALLENGE,
                Map.of("_csrf", TestBrowser.csrf(html), "code", code(secret, 1)),
                headers -> headers.set(HttpHeaders.REFERER, "https://evil.example/phish"));

        assertThat(refused.getStatus().value()).isEqualTo(403);
    }

    @Test
    void challengeWhenNotEnrolledThenRedirectToEnroll() {
        EntityExchangeResult<String> result = browser().get(CHALLENGE, signIn(newUser("bob")));

        assertThat(result.getStatus().value()).isEqualTo(303);
        assertThat(result.getResponseHeaders().getLocation()).hasToString(ENROLL);
    }

    @Test
    void challengeWhenNoUserThenRedirectToLogin() {
        EntityExchangeResult<String> result = browser().get(CHALLENGE);

        assertThat(result.getResponseHeaders().getLocation()).hasToString("/login");
    }

    @Test
    void recoveryWhenCodeFromEnrollmentThenReleasedAndFlashCountsRemaining() {
        String user = newUser("bob");
        TestBrowser enrolling = browser();
        String enrollPage = enrolling.get(ENROLL, signIn(user)).getResponseBody();
        enrolling.post(ENROLL, Map.of("_csrf", TestBrowser.csrf(enrollPage), "token", code(keyShown(enrollPage), 0)));
        List<String> codes = java.util.regex.Pattern.compile("<li><code>([^<]+)</code></li>")
                .matcher(enrolling.get(RECOVERY_CODES).getResponseBody()).results().map(m -> m.group(1)).toList();

        TestBrowser browser = browser();
        EntityExchangeResult<String> page = browser.get(RECOVERY, signInEnrolled(user));
        assertThat(page.getResponseBody()).contains("<label class=\"gh-label\" for=\"code\">Recovery code</label>");
        assertSecurityHeaders(page);

        EntityExchangeResult<String> wrong = browser.post(RECOVERY,
                Map.of("_csrf", TestBrowser.csrf(page.getResponseBody()), "code", "AAAA-BBBB-CCCC"));
        assertThat(wrong.getStatus().value()).isEqualTo(200);
        assertThat(wrong.getResponseBody()).contains("That recovery code is not right");

        EntityExchangeResult<String> used = browser.post(RECOVERY,
                Map.of("_csrf", TestBrowser.csrf(page.getResponseBody()), "code", codes.get(0).toUpperCase().replace("-", " ")));
        assertThat(used.getStatus().value()).isEqualTo(303);
        assertThat(used.getResponseHeaders().getLocation()).hasToString(TestSignInConfiguration.RETURN_TO);
        assertThat(setCookies(used)).contains(TestSignInConfiguration.HELD_COOKIE);
    }

    @Test
    void unknownGatehousePageWhenBrowserThenBrandedNotFoundPage() {
        EntityExchangeResult<String> result = browser().get("/_gatehouse/no-such-page");

        assertThat(result.getStatus().value()).isEqualTo(404);
        assertThat(result.getResponseBody()).contains("<h1>Page not found</h1>");
        assertSecurityHeaders(result);
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    private static String wrongCode(TotpSecret secret) {
        for (String candidate : List.of("000000", "111111", "222222")) {
            if (!candidate.equals(code(secret, -1)) && !candidate.equals(code(secret, 0))
                    && !candidate.equals(code(secret, 1))) {
                return candidate;
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
