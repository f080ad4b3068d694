package io.gatehouse.totp;

import java.util.Objects;

/** A user's shared TOTP secret (Base32) with the parameters it was enrolled with. */
public record TotpSecret(String base32, TotpParameters parameters) {

    public TotpSecret {
        Objects.requireNonNull(base32, "base32");
        Objects.requireNonNull(parameters, "parameters");
        Base32.decode(base32);
    }

    /** Never prints the secret, so that a log line or an exception message cannot leak it. */
    @Override
    public String toString() {
        return "TotpSecret[base32=(hidden), parameters=" + parameters + "]";
    }
}
