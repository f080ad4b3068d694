package io.gatehouse.config;

/**
 * What a non-bypass rule does with a request that carries credentials outside the configured login: an
 * {@code Authorization} header or a login or credential field ({@code credentials:} on a rule).
 */
public enum CredentialAccess {

    /** The default: refused (401 {@code credentials_not_allowed}), audited, never forwarded. */
    REFUSE,

    /**
     * Forwarded, for forms that legitimately carry such a field (an admin's "create user" form with a password).
     * Every answer is still judged, so a sign-in the request makes is held for the second factor.
     */
    ALLOW
}
