package io.gatehouse.totp;

import dev.samstevens.totp.code.HashingAlgorithm;
import java.util.Locale;
import java.util.Optional;

/** The HMAC algorithms TOTP allows, named as they appear in otpauth URIs. */
public enum TotpAlgorithm {
    SHA1(HashingAlgorithm.SHA1),
    SHA256(HashingAlgorithm.SHA256),
    SHA512(HashingAlgorithm.SHA512);

    private final HashingAlgorithm hashing;

    TotpAlgorithm(HashingAlgorithm hashing) {
        this.hashing = hashing;
    }

    HashingAlgorithm hashing() {
        return hashing;
    }

    /** Parses "SHA1", "sha-256", etc.; empty when the name is not a TOTP algorithm. */
    public static Optional<TotpAlgorithm> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String normalised = name.trim().toUpperCase(Locale.ROOT).replace("-", "");
        for (TotpAlgorithm algorithm : values()) {
            if (algorithm.name().equals(normalised)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
