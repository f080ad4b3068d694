package io.gatehouse.config;

import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * How a username is canonicalised before any lookup ({@code gatehouse.upstream.username.*}), so that the spellings
 * the site treats as one account are one identity in Gatehouse.
 *
 * @param letterCase {@code lower} or {@code preserve} (key {@code case}); unset means the legacy
 *        {@code gatehouse.upstream.username-case}, and {@code lower} when that is unset too
 * @param unicode {@code nfkc} (default) applies Unicode compatibility normalisation, {@code none} keeps code points
 * @param stripPrefixes domain prefixes removed (case-insensitively) from the start, e.g. {@code CORP\}
 * @param stripSuffixes suffixes removed (case-insensitively) from the end, e.g. {@code @corp.example}
 * @param defaultDomain added as {@code @domain} to a username without {@code @}, e.g. {@code example.org}
 */
public record UsernameProperties(
        @Name("case") String letterCase,
        @DefaultValue("nfkc") String unicode,
        List<String> stripPrefixes,
        List<String> stripSuffixes,
        String defaultDomain) {

    static final String PREFIX = "gatehouse.upstream.username";

    public UsernameProperties {
        stripPrefixes = stripPrefixes == null ? List.of() : List.copyOf(stripPrefixes);
        stripSuffixes = stripSuffixes == null ? List.of() : List.copyOf(stripSuffixes);
    }

    /** Whether Unicode compatibility normalisation (NFKC) is applied. */
    public boolean nfkc() {
        return !"none".equals(unicode);
    }

    /** Checks the values, and that {@code case} agrees with the legacy {@code username-case} when both are set. */
    void validate(ConfigErrors errors, String legacyCase) {
        if (letterCase != null && !"lower".equals(letterCase) && !"preserve".equals(letterCase)) {
            errors.reject(PREFIX + ".case", letterCase, "must be lower or preserve");
        } else if (letterCase != null && legacyCase != null && !letterCase.equals(legacyCase)) {
            errors.conflict(PREFIX + ".case is '" + letterCase + "' but gatehouse.upstream.username-case is '"
                    + legacyCase + "': set only " + PREFIX + ".case");
        }
        if (!"nfkc".equals(unicode) && !"none".equals(unicode)) {
            errors.reject(PREFIX + ".unicode", unicode, "must be nfkc or none");
        }
        checkAffixes(errors, PREFIX + ".strip-prefixes", stripPrefixes);
        checkAffixes(errors, PREFIX + ".strip-suffixes", stripSuffixes);
        if (defaultDomain != null
                && !defaultDomain
                        .toLowerCase(Locale.ROOT)
                        .matches("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*")) {
            errors.reject(
                    PREFIX + ".default-domain", defaultDomain, "must be a domain name without '@', e.g. example.org");
        }
    }

    private static void checkAffixes(ConfigErrors errors, String key, List<String> affixes) {
        for (int i = 0; i < affixes.size(); i++) {
            String affix = affixes.get(i);
            if (affix == null
                    || affix.isEmpty()
                    || !affix.equals(affix.strip())
                    || affix.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                errors.reject(
                        key + "[" + i + "]",
                        affix,
                        "must be non-empty text without surrounding spaces or control characters");
            }
        }
    }
}
