package io.gatehouse.totp;

import dev.samstevens.totp.code.CodeGenerator;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks a typed code against the current time step and {@code skew} steps either side, and returns
 * the matched step so that the caller can refuse to accept that step (or an older one) twice.
 */
public final class TotpVerifier {

    private final Clock clock;
    private final int skew;

    public TotpVerifier(Clock clock, int skew) {
        if (skew < 0) {
            throw new IllegalArgumentException("skew must not be negative but was " + skew);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.skew = skew;
    }

    public int skew() {
        return skew;
    }

    /** The time step the clock is in now for {@code parameters}' period. */
    public long currentStep(TotpParameters parameters) {
        return Math.floorDiv(clock.instant().getEpochSecond(), parameters.periodSeconds());
    }

    /** The matched time step, or empty when the code is malformed or matches no step in the window. */
    public OptionalLong verify(TotpSecret secret, String typed) {
        Optional<String> code = normalise(typed, secret.parameters().digits());
        if (code.isEmpty()) {
            return OptionalLong.empty();
        }
        byte[] given = code.get().getBytes(StandardCharsets.US_ASCII);
        CodeGenerator generator = generator(secret.parameters());
        long current = currentStep(secret.parameters());
        long matched = -1;
        // No early exit: every step in the window is computed and compared, so the response time does
        // not reveal which step (if any) matched.
        for (long step = current - skew; step <= current + skew; step++) {
            if (step < 0) {
                continue;
            }
            byte[] expected = generate(generator, secret, step).getBytes(StandardCharsets.US_ASCII);
            boolean equal = MessageDigest.isEqual(expected, given);
            if (equal && matched < 0) {
                matched = step;
            }
        }
        return matched < 0 ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    /** The code for {@code step}; for enrollment self-checks and tests. */
    public String codeAt(TotpSecret secret, long step) {
        return generate(generator(secret.parameters()), secret, step);
    }

    /**
     * Exactly {@code digits} ASCII digits once the spaces people type ("123 456") are removed; anything
     * else (other Unicode digits, signs, letters, a wrong length) is not a code.
     */
    static Optional<String> normalise(String typed, int digits) {
        if (typed == null) {
            return Optional.empty();
        }
        StringBuilder code = new StringBuilder(digits);
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '9' || code.length() == digits) {
                return Optional.empty();
            }
            code.append(c);
        }
        return code.length() == digits ? Optional.of(code.toString()) : Optional.empty();
    }

    private static CodeGenerator generator(TotpParameters parameters) {
        return new DefaultCodeGenerator(parameters.algorithm().hashing(), parameters.digits());
    }

    private static String generate(CodeGenerator generator, TotpSecret secret, long step) {
        try {
            return generator.generate(secret.base32(), step);
        } catch (CodeGenerationException e) {
            // Only reachable with a broken JCE (missing HmacSHA1) or a corrupt secret: a bug, not a wrong code.
            throw new IllegalStateException("TOTP code generation failed", e);
        }
    }
}
