package io.gatehouse.totp;

import java.nio.charset.StandardCharsets;

/** Builds Google Authenticator Key URIs ({@code otpauth://totp/Issuer:account?secret=...&issuer=...}). */
public final class OtpAuthUri {

    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    private OtpAuthUri() {}

    /**
     * The URI an authenticator app scans; algorithm, digits and period are only added when they differ
     * from the defaults, because some apps reject parameters they do not expect.
     */
    public static String of(String issuer, String account, TotpSecret secret) {
        if (issuer == null || issuer.isBlank() || issuer.indexOf(':') >= 0) {
            throw new IllegalArgumentException("issuer must be non-blank and contain no ':'");
        }
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("account must be non-blank");
        }
        TotpParameters parameters = secret.parameters();
        StringBuilder uri = new StringBuilder("otpauth://totp/")
                .append(encode(issuer))
                .append(':')
                .append(encode(account))
                .append("?secret=")
                .append(secret.base32())
                .append("&issuer=")
                .append(encode(issuer));
        TotpParameters defaults = TotpParameters.DEFAULTS;
        if (parameters.algorithm() != defaults.algorithm()) {
            uri.append("&algorithm=").append(parameters.algorithm().name());
        }
        if (parameters.digits() != defaults.digits()) {
            uri.append("&digits=").append(parameters.digits());
        }
        if (!parameters.period().equals(defaults.period())) {
            uri.append("&period=").append(parameters.periodSeconds());
        }
        return uri.toString();
    }

    /** RFC 3986 percent-encoding of UTF-8 (spaces become %20, never '+', which apps would show literally). */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (UNRESERVED.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
