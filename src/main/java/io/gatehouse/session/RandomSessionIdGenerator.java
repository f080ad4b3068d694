package io.gatehouse.session;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.session.SessionIdGenerator;

/**
 * Gatehouse session ids: 256 bits from the injected CSPRNG, base64url without padding (43 characters). Spring
 * Session's default is a random UUID, which carries only 122 random bits.
 */
public final class RandomSessionIdGenerator implements SessionIdGenerator {

    static final int ID_BYTES = 32;

    private final SecureRandom random;

    public RandomSessionIdGenerator(SecureRandom random) {
        this.random = random;
    }

    @Override
    public String generate() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
