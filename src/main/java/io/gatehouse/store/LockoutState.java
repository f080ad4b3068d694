package io.gatehouse.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A user's lockout as the admin page shows it: whether and until when they are locked, failures in the
 * current round, consecutive failures since the last success, and the back-off level.
 */
public record LockoutState(
        boolean locked,
        Optional<Instant> lockedUntil,
        boolean untilUnlocked,
        int failures,
        int consecutiveFailures,
        int level) {

    /** A user with no failures. */
    public static final LockoutState CLEAR = new LockoutState(false, Optional.empty(), false, 0, 0, 0);
}
