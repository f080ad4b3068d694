package io.gatehouse.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JsonPointer;

/**
 * The identity probe ({@code gatehouse.upstream.identity.*}): a request Gatehouse sends to the upstream with a new
 * session's cookies to learn whom the upstream signed in, and how to find the user in its answer.
 *
 * @param method {@code GET} (default) or {@code POST} (sent without a body), in any letter case
 * @param path the path (and optional query) of a page or API that names the signed-in user, e.g. {@code /api/me}
 * @param jsonPointer where the user is in a JSON answer (RFC 6901), e.g. {@code /user/email}; or else
 * @param pattern a regular expression whose only capturing group (or group named {@code user}) is the user
 * @param status the statuses of a signed-in answer (2xx); any other status or a redirect means not signed in
 * @param timeout how long the whole probe may take, 100ms to 10s
 * @param maxBody the most of the answer that is read; a longer answer fails the probe
 */
public record IdentityProperties(
        @DefaultValue("GET") String method,
        String path,
        String jsonPointer,
        String pattern,
        @DefaultValue("200") List<Integer> status,
        @DefaultValue("2s") Duration timeout,
        @DefaultValue("64KB") DataSize maxBody) {

    static final String PREFIX = "gatehouse.upstream.identity";

    private static final Duration SHORTEST = Duration.ofMillis(100);
    private static final Duration LONGEST = Duration.ofSeconds(10);
    private static final DataSize LARGEST = DataSize.ofMegabytes(4);

    public IdentityProperties {
        method = method == null ? null : method.toUpperCase(java.util.Locale.ROOT);
        status = status == null ? List.of() : List.copyOf(status);
    }

    /** The compiled {@link #pattern}, or null when the user is found by {@link #jsonPointer}. */
    public Pattern compiledPattern() {
        return pattern == null ? null : Pattern.compile(pattern);
    }

    /** Whether {@link #pattern} names its group {@code user} (otherwise its only group is the user). */
    public boolean namedUserGroup() {
        return pattern != null && pattern.contains("(?<user>");
    }

    void validate(ConfigErrors errors) {
        if (method == null || !("GET".equals(method) || "POST".equals(method))) {
            errors.reject(PREFIX + ".method", method, "must be GET or POST");
        }
        validatePath(errors);
        if (jsonPointer == null && pattern == null) {
            errors.missing(
                    PREFIX + ".json-pointer",
                    "either json-pointer (e.g. /user/email) or pattern (a regex with one group) to find the user");
        } else if (jsonPointer != null && pattern != null) {
            errors.conflict(PREFIX + ".json-pointer ('" + jsonPointer + "') and " + PREFIX + ".pattern ('" + pattern
                    + "') are both set: set exactly one of them");
        } else if (jsonPointer != null) {
            validateJsonPointer(errors);
        } else {
            validatePattern(errors);
        }
        if (status.isEmpty()) {
            errors.missing(PREFIX + ".status", "at least one status of a signed-in answer, e.g. [200]");
        }
        for (int i = 0; i < status.size(); i++) {
            Integer code = status.get(i);
            if (code == null || code < 200 || code > 299) {
                errors.reject(
                        PREFIX + ".status[" + i + "]",
                        code,
                        "must be a 2xx status (a redirect or an error always means not signed in)");
            }
        }
        if (timeout != null && (timeout.compareTo(SHORTEST) < 0 || timeout.compareTo(LONGEST) > 0)) {
            errors.reject(PREFIX + ".timeout", timeout, "must be between 100ms and 10s");
        }
        if (maxBody != null && (maxBody.toBytes() < 1 || maxBody.compareTo(LARGEST) > 0)) {
            errors.reject(PREFIX + ".max-body", maxBody, "must be between 1B and 4MB");
        }
    }

    private void validatePath(ConfigErrors errors) {
        String key = PREFIX + ".path";
        if (path == null) {
            errors.missing(
                    key, "the path of a page or API on the upstream that names the signed-in user, e.g. /api/me");
            return;
        }
        if (!path.startsWith("/") || path.startsWith("//") || path.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            errors.reject(key, path, "must be a path on the upstream starting with '/' (an optional query after '?')");
            return;
        }
        try {
            URI uri = new URI(path);
            if (uri.getRawFragment() != null || uri.getScheme() != null || uri.getRawAuthority() != null) {
                errors.reject(key, path, "must be a path and optional query, without a fragment");
            }
        } catch (URISyntaxException e) {
            errors.reject(key, path, "must be a valid path and optional query (" + e.getReason() + ")");
        }
    }

    private void validateJsonPointer(ConfigErrors errors) {
        try {
            if (jsonPointer.isEmpty()) {
                throw new IllegalArgumentException("the empty pointer names the whole answer");
            }
            JsonPointer.compile(jsonPointer);
        } catch (IllegalArgumentException e) {
            errors.reject(
                    PREFIX + ".json-pointer",
                    jsonPointer,
                    "must be a JSON pointer (RFC 6901) to a property, e.g. /user/email");
        }
    }

    private void validatePattern(ConfigErrors errors) {
        String key = PREFIX + ".pattern";
        try {
            int groups = Pattern.compile(pattern).matcher("").groupCount();
            if (!namedUserGroup() && groups != 1) {
                errors.reject(
                        key,
                        pattern,
                        "must have exactly one capturing group, or a group named user" + " ((?<user>...)), but has "
                                + groups);
            }
        } catch (PatternSyntaxException e) {
            errors.reject(key, pattern, "must be a valid regular expression (" + e.getDescription() + ")");
        }
    }
}
