package io.gatehouse.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gatehouse.lockout.*}: failures allowed before each escalating back-off, the consecutive failures
 * after which only an administrator can unlock (NIST SP 800-63B: at most 100), and the per-client-IP limit.
 */
public record LockoutProperties(
        @DefaultValue("5") int maxFailures,
        @DefaultValue({"5m", "15m", "1h", "6h", "24h"}) List<Duration> backoff,
        @DefaultValue("50") int maxConsecutiveFailures,
        @DefaultValue PerIp perIp) {

    private static final String PREFIX = "gatehouse.lockout.";

    /** {@code gatehouse.lockout.per-ip.*}: failures from one client address allowed per window, across all users. */
    public record PerIp(
            @DefaultValue("50") int maxFailures,
            @DefaultValue("15m") Duration window) {}

    public static LockoutProperties defaults() {
        return new LockoutProperties(
                5,
                List.of(
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(15),
                        Duration.ofHours(1),
                        Duration.ofHours(6),
                        Duration.ofHours(24)),
                50,
                new PerIp(50, Duration.ofMinutes(15)));
    }

    public void validate(ConfigErrors errors) {
        if (maxFailures < 1 || maxFailures > 20) {
            errors.reject(PREFIX + "max-failures", maxFailures, "must be from 1 to 20");
        }
        if (backoff == null || backoff.isEmpty()) {
            errors.missing(PREFIX + "backoff", "a list of lockout durations, e.g. [5m, 15m, 1h, 6h, 24h]");
        } else {
            for (int i = 0; i < backoff.size(); i++) {
                Duration d = backoff.get(i);
                if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofDays(7)) > 0) {
                    errors.reject(PREFIX + "backoff[" + i + "]", d, "must be from 1s to 7d");
                } else if (i > 0 && backoff.get(i - 1) != null && d.compareTo(backoff.get(i - 1)) < 0) {
                    errors.reject(PREFIX + "backoff[" + i + "]", d, "must not be shorter than the one before it");
                }
            }
        }
        if (maxConsecutiveFailures < Math.max(1, maxFailures) || maxConsecutiveFailures > 100) {
            errors.reject(
                    PREFIX + "max-consecutive-failures",
                    maxConsecutiveFailures,
                    "must be from max-failures (" + maxFailures + ") to 100 (NIST SP 800-63B)");
        }
        if (perIp == null) {
            errors.missing(PREFIX + "per-ip", "max-failures and window");
            return;
        }
        if (perIp.maxFailures() < 1) {
            errors.reject(PREFIX + "per-ip.max-failures", perIp.maxFailures(), "must be 1 or more");
        }
        if (perIp.window() == null
                || perIp.window().compareTo(Duration.ofMinutes(1)) < 0
                || perIp.window().compareTo(Duration.ofDays(1)) > 0) {
            errors.reject(PREFIX + "per-ip.window", perIp.window(), "must be from 1m to 24h");
        }
    }
}
