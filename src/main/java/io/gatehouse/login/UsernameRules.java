package io.gatehouse.login;

import io.gatehouse.config.UpstreamProperties;
import io.gatehouse.config.UsernameProperties;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule that turns a username, as a login carried it or a site named it, into Gatehouse's identity; see
 * {@link #canonical(String)}. Configured by {@code gatehouse.upstream.username.*}.
 */
public final class UsernameRules {

    /** Longer values are refused: no site's account name is this long, and it bounds every key and log line. */
    static final int MAX_LENGTH = 256;

    private final boolean lowerCase;
    private final boolean nfkc;
    private final List<String> stripPrefixes;
    private final List<String> stripSuffixes;
    private final String defaultDomain;

    UsernameRules(
            boolean lowerCase,
            boolean nfkc,
            List<String> stripPrefixes,
            List<String> stripSuffixes,
            String defaultDomain) {
        this.lowerCase = lowerCase;
        this.nfkc = nfkc;
        // The affixes are compared with values that went through the same normalisation, so they go through it too.
        this.stripPrefixes = normalised(stripPrefixes);
        this.stripSuffixes = normalised(stripSuffixes);
        this.defaultDomain =
                defaultDomain == null ? null : lowerCase ? defaultDomain.toLowerCase(Locale.ROOT) : defaultDomain;
    }

    /** The rules configured in {@code gatehouse.upstream.username.*} (and the legacy {@code username-case}). */
    public static UsernameRules of(UpstreamProperties upstream) {
        UsernameProperties username = upstream.username();
        return new UsernameRules(
                !upstream.usernamesKeepCase(),
                username.nfkc(),
                username.stripPrefixes(),
                username.stripSuffixes(),
                username.defaultDomain());
    }

    /**
     * The canonical identity for {@code raw}, or empty when it cannot name anyone. In order:
     * <ol>
     * <li>Unicode NFKC normalisation (unless {@code unicode: none}): {@code ａlice} is {@code alice};</li>
     * <li>surrounding white space removed;</li>
     * <li>refused if empty, longer than 256 characters, or holding a control (NUL, line breaks), format, line or
     *     paragraph separator, surrogate, private-use or unassigned character;</li>
     * <li>lower case (unless {@code case: preserve});</li>
     * <li>the first configured prefix, then the first configured suffix, that matches (ignoring case) removed;</li>
     * <li>{@code @default-domain} added when no {@code @} is left.</li>
     * </ol>
     * Applying it to its own result gives the same result.
     */
    public Optional<String> canonical(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = stripSpace(normalise(raw));
        if (!acceptable(value)) {
            return Optional.empty();
        }
        if (lowerCase) {
            // Lower-casing can leave a string that is no longer NFKC (e.g. U+0130); normalise again so the rule is
            // stable.
            value = normalise(value.toLowerCase(Locale.ROOT));
        }
        value = stripSpace(stripAffixes(value));
        if (defaultDomain != null && !value.isEmpty() && value.indexOf('@') < 0) {
            value = value + "@" + defaultDomain;
        }
        return acceptable(value) ? Optional.of(value) : Optional.empty();
    }

    /**
     * Whether a site might read {@code raw} as another name than {@link #canonical(String)} does: without an
     * identity probe such a value is refused, not guessed.
     */
    public static boolean looksAmbiguous(String raw) {
        return ambiguity(raw).isPresent();
    }

    /** Why {@code raw} {@linkplain #looksAmbiguous(String) looks ambiguous}, for the audit log; empty when it does not. */
    public static Optional<String> ambiguity(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        if (raw.codePoints().anyMatch(UsernameRules::forbidden)) {
            return Optional.of("control, format or invisible characters");
        }
        // Surrounding spaces are not ambiguous: the canonical form drops them, so Gatehouse and a site that trims
        // agree,
        // and a site that does not trim has no such account.
        boolean ascii = raw.chars().allMatch(c -> c < 0x80);
        if (ascii) {
            return Optional.empty();
        }
        if (!Normalizer.isNormalized(raw, Normalizer.Form.NFKC)) {
            return Optional.of("compatibility characters (e.g. full-width letters) that Unicode normalisation changes");
        }
        // Sites with accent-insensitive collations (MySQL's *_ci, SQL Server's *_AI) sign é in as e.
        if (!Normalizer.isNormalized(raw, Normalizer.Form.NFD)
                || raw.codePoints()
                        .anyMatch(c -> Character.getType(c) == Character.NON_SPACING_MARK
                                || Character.getType(c) == Character.ENCLOSING_MARK
                                || Character.getType(c) == Character.COMBINING_SPACING_MARK)) {
            return Optional.of("accented or combined letters that a site may fold to plain ones");
        }
        return Optional.empty();
    }

    private String normalise(String value) {
        return nfkc ? Normalizer.normalize(value, Normalizer.Form.NFKC) : value;
    }

    private String stripAffixes(String value) {
        for (String prefix : stripPrefixes) {
            if (value.length() >= prefix.length() && value.regionMatches(true, 0, prefix, 0, prefix.length())) {
                value = value.substring(prefix.length());
                break;
            }
        }
        for (String suffix : stripSuffixes) {
            int start = value.length() - suffix.length();
            if (start >= 0 && value.regionMatches(true, start, suffix, 0, suffix.length())) {
                value = value.substring(0, start);
                break;
            }
        }
        return value;
    }

    private List<String> normalised(List<String> affixes) {
        List<String> result = new ArrayList<>();
        for (String affix : affixes) {
            result.add(lowerCase ? normalise(affix).toLowerCase(Locale.ROOT) : normalise(affix));
        }
        return List.copyOf(result);
    }

    private static boolean acceptable(String value) {
        return !value.isEmpty()
                && value.codePointCount(0, value.length()) <= MAX_LENGTH
                && value.codePoints().noneMatch(UsernameRules::forbidden);
    }

    /** NUL and other controls, line breaks, format characters (zero-width, bidi), and code points that show nothing. */
    private static boolean forbidden(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }

    /** Like {@link String#strip()}, but also removes no-break and other Unicode spaces. */
    private static String stripSpace(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
