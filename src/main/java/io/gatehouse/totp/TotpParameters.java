package io.gatehouse.totp;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The algorithm, code length and period of one TOTP secret; stored with each user's secret so that a
 * later configuration change does not break users who already enrolled.
 */
public record TotpParameters(TotpAlgorithm algorithm, int digits, Duration period) {

    /** SHA1, 6 digits, 30 seconds: the only combination every common authenticator app honours. */
    public static final TotpParameters DEFAULTS = new TotpParameters(TotpAlgorithm.SHA1, 6, Duration.ofSeconds(30));

    public TotpParameters {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(period, "period");
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("digits must be 6, 7 or 8 but was " + digits);
        }
        if (period.getSeconds() < 1 || period.getNano() != 0) {
            throw new IllegalArgumentException("period must be a whole number of seconds but was " + period);
        }
    }

    public long periodSeconds() {
        return period.getSeconds();
    }

    public boolean isDefault() {
        return equals(DEFAULTS);
    }

    /**
     * A warning for the startup log when new secrets will not use the defaults, because Google
     * Authenticator, Microsoft Authenticator and Authy silently ignore other values and show wrong codes.
     */
    public Optional<String> compatibilityWarning() {
        if (isDefault()) {
            return Optional.empty();
        }
        return Optional.of("gatehouse.totp is set to " + algorithm + ", " + digits + " digits, "
                + periodSeconds() + "s: Google Authenticator, Microsoft Authenticator, Authy and most other apps "
                + "only honour SHA1, 6 digits, 30s and will show codes that are refused. New enrollments use "
                + "these values; users who already enrolled keep the values they enrolled with.");
    }
}
