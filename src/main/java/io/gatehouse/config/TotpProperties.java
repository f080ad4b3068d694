package io.gatehouse.config;

import io.gatehouse.totp.TotpAlgorithm;
import io.gatehouse.totp.TotpParameters;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gatehouse.totp.*}: the parameters of newly enrolled secrets (enrolled users keep their own), the
 * accepted clock skew in time steps, and the issuer name shown in authenticator apps (when not set, the site name
 * of {@code gatehouse.ui.site-name}, filled in by {@link GatehouseProperties}).
 */
public record TotpProperties(
        @DefaultValue("SHA1") String algorithm,
        @DefaultValue("6") int digits,
        @DefaultValue("30s") Duration period,
        @DefaultValue("1") int skew,
        String issuer) {

    private static final String PREFIX = "gatehouse.totp.";

    public static TotpProperties defaults() {
        return new TotpProperties("SHA1", 6, Duration.ofSeconds(30), 1, null);
    }

    /** These settings with {@code issuer} as the issuer, for an issuer that was not set. */
    TotpProperties withIssuer(String issuer) {
        return new TotpProperties(algorithm, digits, period, skew, issuer);
    }

    public void validate(ConfigErrors errors) {
        if (TotpAlgorithm.parse(algorithm).isEmpty()) {
            errors.reject(PREFIX + "algorithm", algorithm, "must be SHA1, SHA256 or SHA512");
        }
        if (digits < 6 || digits > 8) {
            errors.reject(PREFIX + "digits", digits, "must be 6, 7 or 8");
        }
        if (period == null) {
            errors.missing(PREFIX + "period", "a whole number of seconds from 15s to 300s");
        } else if (period.getNano() != 0 || period.getSeconds() < 15 || period.getSeconds() > 300) {
            errors.reject(PREFIX + "period", period, "must be a whole number of seconds from 15s to 300s");
        }
        // Each extra step either side widens the window an attacker's guess can hit.
        if (skew < 0 || skew > 3) {
            errors.reject(PREFIX + "skew", skew, "must be from 0 to 3 time steps");
        }
        // Not set (null) is fine: GatehouseProperties puts the site name in its place before validating.
        if (issuer == null) {
            return;
        }
        if (issuer.isBlank()) {
            errors.missing(PREFIX + "issuer", "the name authenticator apps show, e.g. your company");
        } else if (issuer.indexOf(':') >= 0 || issuer.length() > 64) {
            // A ':' would split the otpauth label in the wrong place.
            errors.reject(
                    PREFIX + "issuer",
                    issuer,
                    "must be at most 64 characters and contain no ':' (when not set, it is gatehouse.ui.site-name)");
        }
    }

    /** The parameters for new secrets; call only after {@link #validate} reported nothing. */
    public TotpParameters toParameters() {
        return new TotpParameters(TotpAlgorithm.parse(algorithm).orElseThrow(), digits, period);
    }

    /** The startup warning for non-default parameters that common authenticator apps ignore, if any. */
    public Optional<String> compatibilityWarning() {
        return toParameters().compatibilityWarning();
    }
}
