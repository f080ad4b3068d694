package io.gatehouse.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gatehouse.upstream.forward-headers.*}: which client headers are kept from the site. Headers that speak for
 * identity, the client's address or the original URL are always removed (a documented list, see
 * docs/security-model.md); these settings add prefixes to remove and name headers a site needs to receive after all.
 *
 * @param removePrefixes every client header whose name starts with one of these is removed too (compared
 *     case-insensitively, {@code _} and {@code -} as one)
 * @param allow headers of the default list, or under a prefix, that the site needs and receives as the client sent
 *     them; {@code X-Gatehouse-*} can never be allowed
 * @param methodOverride {@code strip} (default) or {@code keep} method-override headers after the policy judged them
 */
public record ForwardHeadersProperties(
        @DefaultValue({"x-auth-", "x-remote-", "remote-"}) List<String> removePrefixes,
        @DefaultValue List<String> allow,
        @DefaultValue("strip") MethodOverrideMode methodOverride) {

    /** An HTTP header name (RFC 9110 token). */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public ForwardHeadersProperties {
        removePrefixes = removePrefixes == null
                ? List.of()
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(removePrefixes));
        allow = allow == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(allow));
        methodOverride = methodOverride == null ? MethodOverrideMode.STRIP : methodOverride;
    }

    public static ForwardHeadersProperties defaults() {
        return new ForwardHeadersProperties(
                List.of("x-auth-", "x-remote-", "remote-"), List.of(), MethodOverrideMode.STRIP);
    }

    void validate(ConfigErrors errors) {
        String key = "gatehouse.upstream.forward-headers.";
        for (int i = 0; i < removePrefixes.size(); i++) {
            String prefix = removePrefixes.get(i);
            if (prefix == null || prefix.length() < 2 || !isToken(prefix)) {
                errors.reject(
                        key + "remove-prefixes[" + i + "]",
                        prefix,
                        "must be the start of a header name, at least two characters, e.g. x-auth-");
            }
        }
        for (int i = 0; i < allow.size(); i++) {
            String name = allow.get(i);
            if (name == null || name.isEmpty() || !isToken(name)) {
                errors.reject(key + "allow[" + i + "]", name, "must be a header name");
            } else if (name.toLowerCase(Locale.ROOT).replace('_', '-').startsWith("x-gatehouse-")) {
                errors.reject(
                        key + "allow[" + i + "]",
                        name,
                        "must not be an X-Gatehouse-* header (only Gatehouse sets those)");
            }
        }
    }

    private static boolean isToken(String name) {
        return TOKEN.matcher(name).matches();
    }
}
