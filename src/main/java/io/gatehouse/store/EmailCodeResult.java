package io.gatehouse.store;

/** The outcome of checking the code emailed before an enrollment; Redis being down is never one of these. */
public sealed interface EmailCodeResult {

    /** Right; the code is used up. */
    record Confirmed() implements EmailCodeResult {}

    /** Wrong or malformed; {@code remainingAttempts} more failures are allowed before a lockout. */
    record InvalidCode(int remainingAttempts) implements EmailCodeResult {}

    /** No code is waiting (never sent, expired or already used): a new one must be sent. */
    record NoCode() implements EmailCodeResult {}

    /** Too many failures (codes of every kind count together); nothing was checked. */
    record LockedOut(VerificationResult.LockedOut lockout) implements EmailCodeResult {}
}
