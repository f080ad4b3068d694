package io.gatehouse.policy;

import java.util.Locale;

/**
 * A pattern where {@code *} stands for any run of characters, case-insensitive unless made {@link #exactCase}; matched
 * without regex.
 */
public final class GlobPattern {

    private final String pattern;

    private final String[] parts;

    public GlobPattern(String pattern) {
        this(pattern, true);
    }

    private GlobPattern(String pattern, boolean ignoreCase) {
        this.pattern = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        this.parts = this.pattern.split("\\*+", -1);
    }

    /** A pattern that matches only values in its own case (where the site's usernames differ by case). */
    public static GlobPattern exactCase(String pattern) {
        return new GlobPattern(pattern, false);
    }

    /** Matches {@code value}, which must already be lower case unless this pattern is {@link #exactCase}. */
    public boolean matches(String value) {
        if (parts.length == 1) {
            return pattern.equals(value);
        }
        String first = parts[0];
        String last = parts[parts.length - 1];
        if (!value.startsWith(first) || !value.endsWith(last) || value.length() < first.length() + last.length()) {
            return false;
        }
        int from = first.length();
        int to = value.length() - last.length();
        for (int i = 1; i < parts.length - 1; i++) {
            String part = parts[i];
            int found = value.indexOf(part, from);
            if (found < 0 || found + part.length() > to) {
                return false;
            }
            from = found + part.length();
        }
        return true;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
