package io.gatehouse.cli;

import io.gatehouse.totp.Base32;
import io.gatehouse.totp.TotpAlgorithm;
import io.gatehouse.totp.TotpParameters;
import io.gatehouse.totp.TotpSecret;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The words of {@code gatehouse admin totp import USER --secret-file FILE [--force]} and
 * {@code gatehouse admin totp generate USER [--force]}, and the secret such a file holds: a Base32 key (the
 * configured {@code gatehouse.totp} parameters apply) or an {@code otpauth://totp/...} URI (its own parameters).
 */
final class TotpCommand {

    /** The option that names the secret file; {@code --secret-file=FILE} must not be read as a setting. */
    static final String SECRET_FILE = "--secret-file";

    /** Fewer than 80 bits is guessable; RFC 4226 asks for 128 and apps create 80 or 160. */
    private static final int MIN_SECRET_BYTES = 10;

    /** What to do. */
    enum Action {
        IMPORT,
        GENERATE
    }

    /** One parsed command; {@code secretFile} is {@code -} for standard input and empty for {@code generate}. */
    record Options(Action action, String user, Optional<String> secretFile, boolean force) {}

    private TotpCommand() {}

    /** The words after {@code admin totp}; {@link IllegalArgumentException} names what is wrong. */
    static Options parse(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("admin totp needs import or generate");
        }
        Action action = switch (words.get(0)) {
            case "import" -> Action.IMPORT;
            case "generate" -> Action.GENERATE;
            default -> throw new IllegalArgumentException("unknown admin totp command " + words.get(0));
        };
        String user = null;
        String file = null;
        boolean force = false;
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("--force")) {
                force = true;
            } else if (word.startsWith(SECRET_FILE + "=")) {
                file = word.substring(SECRET_FILE.length() + 1);
            } else if (word.equals(SECRET_FILE)) {
                if (i + 1 == words.size()) {
                    throw new IllegalArgumentException(SECRET_FILE + " needs a file name (or - for standard input)");
                }
                file = words.get(++i);
            } else if (word.startsWith("-") && !word.equals("-")) {
                throw new IllegalArgumentException("unknown option " + word);
            } else if (user == null) {
                user = word;
            } else {
                throw new IllegalArgumentException("one user only, but also got '" + word + "'");
            }
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("admin totp " + words.get(0) + " needs a user");
        }
        if (action == Action.IMPORT && (file == null || file.isBlank())) {
            throw new IllegalArgumentException(
                    "admin totp import needs " + SECRET_FILE + " FILE (or - for standard input)");
        }
        if (action == Action.GENERATE && file != null) {
            throw new IllegalArgumentException(
                    "admin totp generate creates the secret; " + SECRET_FILE + " is for import");
        }
        return new Options(action, user, Optional.ofNullable(file), force);
    }

    /** The file's text, or standard input's for {@code -}; an {@link IOException} names the file. */
    static String read(String file, InputStream stdin) throws IOException {
        if (file.equals("-")) {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        }
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }

    private static final int MIN_PERIOD_SECONDS = 15;
    private static final int MAX_PERIOD_SECONDS = 300;

    /**
     * The secret in {@code text}: one Base32 key (spaces, dashes, lower case and {@code =} padding allowed) with
     * {@code defaults}, or an otpauth URI whose {@code algorithm}, {@code digits} and {@code period} override them.
     */
    static TotpSecret secret(String text, TotpParameters defaults) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the secret file is empty");
        }
        if (trimmed.regionMatches(true, 0, "otpauth:", 0, 8)) {
            return fromUri(trimmed, defaults);
        }
        if (trimmed.lines().count() > 1) {
            throw new IllegalArgumentException("the secret file must hold one secret (a Base32 key or an otpauth URI)");
        }
        return fromBase32(trimmed.replace(" ", "").replace("-", ""), defaults);
    }

    private static TotpSecret fromUri(String text, TotpParameters defaults) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid otpauth URI: " + e.getMessage());
        }
        if (!"totp".equalsIgnoreCase(uri.getHost())) {
            throw new IllegalArgumentException(
                    "only otpauth://totp/ URIs can be imported, not " + uri.getScheme() + "://" + uri.getHost());
        }
        MultiValueMap<String, String> query =
                UriComponentsBuilder.fromUri(uri).build(true).getQueryParams();
        Map<String, String> values = query.toSingleValueMap();
        String secret = values.get("secret");
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the otpauth URI has no secret parameter");
        }
        TotpAlgorithm algorithm = defaults.algorithm();
        if (values.containsKey("algorithm")) {
            algorithm = TotpAlgorithm.parse(values.get("algorithm"))
                    .orElseThrow(() -> new IllegalArgumentException(
                            "algorithm must be SHA1, SHA256 or SHA512 but was '" + values.get("algorithm") + "'"));
        }
        int period = number(values, "period", (int) defaults.periodSeconds());
        // The same bounds gatehouse.totp.period has: a code that lives seconds or hours is not one to accept.
        if (period < MIN_PERIOD_SECONDS || period > MAX_PERIOD_SECONDS) {
            throw new IllegalArgumentException("period must be from " + MIN_PERIOD_SECONDS + " to " + MAX_PERIOD_SECONDS
                    + " seconds but was " + period);
        }
        TotpParameters parameters =
                new TotpParameters(algorithm, number(values, "digits", defaults.digits()), Duration.ofSeconds(period));
        return fromBase32(secret, parameters);
    }

    private static int number(Map<String, String> values, String name, int otherwise) {
        String value = values.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number but was '" + value + "'");
        }
    }

    private static TotpSecret fromBase32(String key, TotpParameters parameters) {
        byte[] raw;
        try {
            raw = Base32.decode(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret is not Base32 (letters A-Z and digits 2-7)");
        }
        if (raw.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "the secret has " + raw.length * 8 + " bits; at least " + MIN_SECRET_BYTES * 8 + " are needed");
        }
        // Re-encoded, so that what is stored is the canonical form whatever spacing or case the file used.
        return new TotpSecret(Base32.encode(raw).toUpperCase(Locale.ROOT), parameters);
    }
}
