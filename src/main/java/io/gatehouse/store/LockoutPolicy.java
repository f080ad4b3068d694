package io.gatehouse.store;

import io.gatehouse.config.LockoutProperties;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How many failures are allowed: {@code maxFailures} per round then the next back-off (the last one
 * repeats), a lock that only an administrator lifts after {@code maxConsecutiveFailures}, and a per-client
 * limit of {@code clientMaxFailures} in each {@code clientWindow}.
 */
public record LockoutPolicy(
        int maxFailures,
        List<Duration> backoff,
        int maxConsecutiveFailures,
        int clientMaxFailures,
        Duration clientWindow) {

    /** 5 failures; 5 min, 15 min, 1 h, 6 h, 24 h; admin unlock after 50; 50 per client per 15 min. */
    public static final LockoutPolicy DEFAULTS = new LockoutPolicy(
            5,
            List.of(
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(15),
                    Duration.ofHours(1),
                    Duration.ofHours(6),
                    Duration.ofHours(24)),
            50,
            50,
            Duration.ofMinutes(15));

    public LockoutPolicy {
        backoff = List.copyOf(Objects.requireNonNull(backoff, "backoff"));
        Objects.requireNonNull(clientWindow, "clientWindow");
        if (maxFailures < 1
                || backoff.isEmpty()
                || maxConsecutiveFailures < maxFailures
                || clientMaxFailures < 1
                || clientWindow.toMillis() < 1
                || backoff.stream().anyMatch(d -> d.toMillis() < 1)) {
            throw new IllegalArgumentException("invalid lockout policy " + backoff + ", validate the properties first");
        }
    }

    /** The policy {@code gatehouse.lockout.*} describes, once validated. */
    public static LockoutPolicy of(LockoutProperties properties) {
        return new LockoutPolicy(
                properties.maxFailures(),
                properties.backoff(),
                properties.maxConsecutiveFailures(),
                properties.perIp().maxFailures(),
                properties.perIp().window());
    }
}
