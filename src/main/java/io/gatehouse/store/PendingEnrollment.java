package io.gatehouse.store;

import io.gatehouse.totp.TotpSecret;

/** A new secret not yet saved, with the otpauth URI to show as a QR code and as text. */
public record PendingEnrollment(TotpSecret secret, String otpauthUri) {

    /** Never prints the secret or the URI that contains it. */
    @Override
    public String toString() {
        return "PendingEnrollment[" + secret + "]";
    }
}
