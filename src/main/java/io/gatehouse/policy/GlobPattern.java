package io.gatehouse.policy;

import java.util.Locale;

/** A case-insensitive pattern where {@code *} stands for any run of characters; matched without regex. */
public final class GlobPattern {

    private final String pattern;

    private final String[] parts;

    public GlobPattern(String pattern) {
        this.pattern = pattern.toLowerCase(Locale.ROOT);
        this.parts = this.pattern.split("\\*+", -1);
    }

    /** Matches {@code value}, which must already be lower case. */
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
