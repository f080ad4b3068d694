package io.gatehouse.totp;

import java.security.SecureRandom;
import java.util.Objects;

/** Creates new TOTP secrets of 160 random bits, the HMAC-SHA1 block-friendly length RFC 4226 recommends. */
public final class TotpSecretGenerator {

    private static final int SECRET_BYTES = 20;

    private final SecureRandom random;

    public TotpSecretGenerator(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public TotpSecret generate(TotpParameters parameters) {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return new TotpSecret(Base32.encode(bytes), parameters);
    }
}
