package io.gatehouse.config;

import java.time.Duration;

/**
 * {@code gatehouse.challenge.*}.
 *
 * @param rememberBrowser when set, the challenge page offers "Remember this browser" for this long (at most 90 days):
 *     a later sign-in of the same user in that browser skips the challenge; unset means the option is not offered
 */
public record ChallengeProperties(Duration rememberBrowser) {

    static final Duration MAX_REMEMBER = Duration.ofDays(90);

    public static ChallengeProperties defaults() {
        return new ChallengeProperties(null);
    }

    /** Whether the challenge page offers to remember the browser. */
    public boolean remembersBrowsers() {
        return rememberBrowser != null;
    }

    void validate(ConfigErrors errors) {
        if (rememberBrowser != null
                && (rememberBrowser.compareTo(Duration.ofDays(1)) < 0 || rememberBrowser.compareTo(MAX_REMEMBER) > 0)) {
            errors.reject("gatehouse.challenge.remember-browser", rememberBrowser, "must be from 1d to 90d");
        }
    }
}
