package io.gatehouse.store;

import java.time.Instant;
import java.util.Optional;

/** The outcome of one second-factor attempt; a Redis failure is never one of these but a {@link StoreUnavailableException}. */
public sealed interface VerificationResult {

    /** The TOTP code matched {@code step}, which is now recorded as used. */
    record Accepted(long step) implements VerificationResult {}

    /** A recovery code matched and is now used up; {@code remainingCodes} are left. */
    record RecoveryCodeAccepted(long remainingCodes) implements VerificationResult {}

    /** Wrong or malformed code; {@code remainingAttempts} more failures are allowed before a lockout. */
    record InvalidCode(int remainingAttempts) implements VerificationResult {}

    /** The code was right but its time step (or a newer one) was already used. */
    record Replayed() implements VerificationResult {}

    /**
     * Too many failures; nothing was checked. {@code until} is empty when only an administrator can unlock.
     */
    record LockedOut(Optional<Instant> until, LockScope scope) implements VerificationResult {}

    /** The user has no second factor. */
    record NotEnrolled() implements VerificationResult {}

    /** What a lockout applies to. */
    enum LockScope {
        /** This account, from any client. */
        USER,
        /** This client address, for every account. */
        CLIENT
    }
}
