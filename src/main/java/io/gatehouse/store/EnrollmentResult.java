package io.gatehouse.store;

import java.util.List;

/** The outcome of confirming an enrollment with the first code from the user's app. */
public sealed interface EnrollmentResult {

    /** Saved; the confirming code's step is used up; show these recovery codes once. */
    record Enrolled(List<String> recoveryCodes) implements EnrollmentResult {
        public Enrolled {
            recoveryCodes = List.copyOf(recoveryCodes);
        }
    }

    /** The code does not match the pending secret; nothing was saved. */
    record InvalidCode() implements EnrollmentResult {}

    /**
     * The user already has a secret; it is never silently replaced, because a password alone must not be
     * enough to move someone's second factor to another device.
     */
    record AlreadyEnrolled() implements EnrollmentResult {}
}
