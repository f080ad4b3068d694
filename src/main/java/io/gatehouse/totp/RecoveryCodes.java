package io.gatehouse.totp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Generates and normalises single-use recovery codes: eight lower-case Crockford Base32 characters
 * (40 random bits) shown as {@code xxxx-xxxx}, with no letters that look like digits.
 */
public final class RecoveryCodes {

    /** How many codes a new set has. */
    public static final int SET_SIZE = 10;

    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final int LENGTH = 8;

    private final SecureRandom random;

    public RecoveryCodes(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A new set of {@link #SET_SIZE} distinct codes in display form. */
    public List<String> generate() {
        List<String> codes = new ArrayList<>(SET_SIZE);
        while (codes.size() < SET_SIZE) {
            StringBuilder code = new StringBuilder(LENGTH + 1);
            for (int i = 0; i < LENGTH; i++) {
                if (i == LENGTH / 2) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            if (!codes.contains(code.toString())) {
                codes.add(code.toString());
            }
        }
        return List.copyOf(codes);
    }

    /**
     * The canonical form (eight characters, no dash) of what a user typed, ignoring case, spaces and
     * dashes and reading the look-alikes i, l as 1 and o as 0; empty when it cannot be a code.
     */
    public static Optional<String> normalise(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        StringBuilder code = new StringBuilder(LENGTH);
        for (char c : typed.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == ' ' || c == '-') {
                continue;
            }
            char mapped = switch (c) {
                case 'i', 'l' -> '1';
                case 'o' -> '0';
                default -> c;
            };
            if (ALPHABET.indexOf(mapped) < 0 || code.length() == LENGTH) {
                return Optional.empty();
            }
            code.append(mapped);
        }
        return code.length() == LENGTH ? Optional.of(code.toString()) : Optional.empty();
    }
}
