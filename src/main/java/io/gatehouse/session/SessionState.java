package io.gatehouse.session;

/** Where a browser stands with Gatehouse; see docs/architecture.md, "Session states". */
public enum SessionState {
    /** No upstream login observed. */
    ANONYMOUS,
    /** Correct password observed; the upstream's cookies are held until the second factor (or enrollment). */
    PENDING,
    /** Signed in without a second factor, where the policy allowed it; cookies released. */
    SIGNED_IN,
    /** Passed the second factor; cookies released and bound to this session. */
    VERIFIED;

    /** Whether the upstream's cookies have been given to the browser. */
    public boolean released() {
        return this == SIGNED_IN || this == VERIFIED;
    }
}
