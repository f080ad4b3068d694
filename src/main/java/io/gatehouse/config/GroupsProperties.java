package io.gatehouse.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Named groups of users ({@code gatehouse.groups.<name>}) that policy rules refer to: each member is a
 * username or a glob pattern where {@code *} stands for any run of characters ({@code *@council.example}).
 *
 * @param groups group name to its members, in configuration order
 */
@ConfigurationProperties("gatehouse")
public record GroupsProperties(Map<String, List<String>> groups) {

    public GroupsProperties {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (groups != null) {
            groups.forEach((group, members) -> copy.put(group, members == null ? List.of() : List.copyOf(members)));
        }
        groups = java.util.Collections.unmodifiableMap(copy);
    }

    /** No groups. */
    public static GroupsProperties none() {
        return new GroupsProperties(Map.of());
    }

    /** Reports every problem: empty groups and blank or malformed member patterns. */
    public void validate(ConfigErrors errors) {
        groups.forEach((group, members) -> {
            String key = "gatehouse.groups." + group;
            if (members.isEmpty()) {
                errors.missing(key, "at least one username or pattern");
            }
            for (int i = 0; i < members.size(); i++) {
                validateUserPattern(errors, key + "[" + i + "]", members.get(i));
            }
        });
    }

    /** Shared with the rules' {@code users}: a username, or a glob with {@code *}, without blanks. */
    static void validateUserPattern(ConfigErrors errors, String key, String pattern) {
        if (pattern == null || pattern.isBlank()) {
            errors.missing(key, "a username or a pattern such as '*@example.org'");
        } else if (pattern.chars().anyMatch(Character::isWhitespace)) {
            errors.reject(key, pattern, "must be a username or a pattern such as '*@example.org', without spaces");
        }
    }
}
