package io.gatehouse.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.totp.TotpParameters;
import io.gatehouse.totp.TotpSecret;
import io.gatehouse.totp.TotpVerifier;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a user's authenticator app does in tests: reads the key off the enrollment page and shows codes. */
public final class Authenticator {

    private static final Pattern KEY = Pattern.compile("id=\"gh-key\">([A-Z2-7 ]+)</code>");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final TotpSecret secret;
    private final Clock clock;

    private Authenticator(TotpSecret secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    /** Scans the key shown on an enrollment page. */
    public static Authenticator scan(String enrollmentPage, Clock clock) {
        Matcher matcher = KEY.matcher(enrollmentPage);
        assertThat(matcher.find()).as("the enrollment page shows the key").isTrue();
        return new Authenticator(new TotpSecret(matcher.group(1).replace(" ", ""), TotpParameters.DEFAULTS), clock);
    }

    /**
     * Does what a signed-in user sent to enrollment does: opens the enrollment page, scans the key, types the first
     * code, and checks Gatehouse accepted it by sending the browser on to the recovery codes.
     */
    public static Authenticator enroll(TestBrowser browser, Clock clock) {
        TestBrowser.Page enroll = browser.get("/_gatehouse/enroll");
        Authenticator app = scan(enroll.body(), clock);
        assertThat(browser.postForm("/_gatehouse/enroll", "_csrf", csrf(enroll.body()), "token", app.code(0))
                        .location())
                .isEqualTo("/_gatehouse/recovery-codes");
        return app;
    }

    /** The code for the current time step plus {@code offset} steps. */
    public String code(long offset) {
        TotpVerifier verifier = new TotpVerifier(clock, 0);
        return verifier.codeAt(secret, verifier.currentStep(secret.parameters()) + offset);
    }

    public String secret() {
        return secret.base32();
    }

    /** The CSRF token of the form on a Gatehouse page. */
    public static String csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("the page has a CSRF token").isTrue();
        return matcher.group(1);
    }
}
