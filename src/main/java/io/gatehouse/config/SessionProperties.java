package io.gatehouse.config;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gatehouse.session.*}: how long a second factor keeps a browser verified. NIST SP 800-63B (AAL2) asks for
 * reauthentication after 30 minutes of inactivity and at least every 12 hours, and OWASP ASVS V3.3 for both an
 * idle and an absolute timeout; the defaults are those two numbers.
 *
 * @param idleTimeout how long a verified session may go without activity (see {@code activity}) before the user
 *     must pass the challenge again
 * @param maxAge how long after its last second factor a session stays verified, however busy it is
 * @param activity which requests to protected routes count as activity: {@code navigations} (the default) or
 *     {@code all}
 */
public record SessionProperties(
        @DefaultValue("30m") Duration idleTimeout,
        @DefaultValue("12h") Duration maxAge,
        @DefaultValue("navigations") SessionActivity activity) {

    static final Duration MIN_IDLE = Duration.ofMinutes(1);
    static final Duration MAX_IDLE = Duration.ofHours(24);
    static final Duration MIN_MAX_AGE = Duration.ofMinutes(5);
    static final Duration MAX_MAX_AGE = Duration.ofDays(30);

    public static SessionProperties defaults() {
        return new SessionProperties(Duration.ofMinutes(30), Duration.ofHours(12), SessionActivity.NAVIGATIONS);
    }

    void validate(ConfigErrors errors) {
        boolean idleValid =
                within(errors, "gatehouse.session.idle-timeout", idleTimeout, MIN_IDLE, MAX_IDLE, "1m", "24h");
        boolean maxAgeValid =
                within(errors, "gatehouse.session.max-age", maxAge, MIN_MAX_AGE, MAX_MAX_AGE, "5m", "30d");
        if (idleValid && maxAgeValid && idleTimeout.compareTo(maxAge) > 0) {
            errors.reject(
                    "gatehouse.session.idle-timeout",
                    idleTimeout,
                    "must not be longer than gatehouse.session.max-age (" + maxAge + ")");
        }
    }

    /** Whether {@code value} is set and from {@code min} to {@code max}; reports it under {@code key} otherwise. */
    private static boolean within(
            ConfigErrors errors,
            String key,
            Duration value,
            Duration min,
            Duration max,
            String minText,
            String maxText) {
        if (value == null) {
            // Failed to convert: reported by the binder already.
            return false;
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            errors.reject(key, value, "must be from " + minText + " to " + maxText);
            return false;
        }
        return true;
    }
}
