package io.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.totp.TotpAlgorithm;
import io.gatehouse.totp.TotpParameters;
import io.gatehouse.totp.TotpSecret;
import io.gatehouse.totp.TotpVerifier;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * An authenticator app fed from a scanned {@code otpauth://} URI. Codes come from the real clock; where a journey
 * needs a second code before the next 30 s step, it takes the next step's code, which the server's one-step skew
 * accepts now, instead of waiting.
 */
final class AuthenticatorApp {

    private final TotpSecret secret;
    private final TotpVerifier generator = new TotpVerifier(Clock.systemUTC(), 0);
    private final String label;

    private AuthenticatorApp(TotpSecret secret, String label) {
        this.secret = secret;
        this.label = label;
    }

    static AuthenticatorApp fromUri(String otpauth) {
        URI uri = URI.create(otpauth);
        assertThat(uri.getScheme()).isEqualTo("otpauth");
        assertThat(uri.getHost()).isEqualTo("totp");
        Map<String, String> query = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] nameValue = pair.split("=", 2);
            query.put(nameValue[0], URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
        }
        TotpParameters parameters = new TotpParameters(
                TotpAlgorithm.parse(query.getOrDefault("algorithm", "SHA1")).orElseThrow(),
                Integer.parseInt(query.getOrDefault("digits", "6")),
                Duration.ofSeconds(Long.parseLong(query.getOrDefault("period", "30"))));
        return new AuthenticatorApp(
                new TotpSecret(query.get("secret"), parameters), uri.getPath().substring(1));
    }

    /** The account label, e.g. {@code Gatehouse:alice@example.org}. */
    String label() {
        return label;
    }

    /** The shared secret, base32, as the app stores it: two scans of the same account compare by it. */
    String secret() {
        return secret.base32();
    }

    long currentStep() {
        return generator.currentStep(secret.parameters());
    }

    String codeAt(long step) {
        return generator.codeAt(secret, step);
    }

    /** A well-formed code that is not valid around {@code step}. */
    String wrongCodeNear(long step) {
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate * 111_111 % 1_000_000);
            boolean valid = false;
            for (long s = step - 2; s <= step + 2; s++) {
                valid |= code.equals(codeAt(s));
            }
            if (!valid) {
                return code;
            }
        }
    }
}
