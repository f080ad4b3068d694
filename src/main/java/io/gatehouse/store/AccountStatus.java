package io.gatehouse.store;

import java.time.Instant;
import java.util.Optional;

/**
 * What the account and admin pages show about one user's second factor: enrolled since, last passed, recovery
 * codes left, the lockout, and whether an administrator asked for a new enrollment at the next login.
 */
public record AccountStatus(
        boolean enrolled,
        Optional<Instant> enrolledAt,
        Optional<Instant> lastVerifiedAt,
        long recoveryCodesLeft,
        LockoutState lockout,
        boolean mustEnroll) {}
