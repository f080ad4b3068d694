package io.gatehouse.login;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A configured field name and every spelling a site might read as that field: other letter case, Unicode
 * compatibility forms ({@code ｅmail}), PHP's rewriting of names (leading spaces dropped, {@code .} and space to
 * {@code _}, {@code name[]} and {@code name[key]} as arrays), and bracketed nesting ({@code user[email]}) for a
 * dotted field ({@code user.email}).
 */
final class FieldName {

    /** How a name in a request relates to the field. */
    enum Match {
        /** Not the field. */
        NONE,
        /** Exactly the configured name, plainly spelt. */
        EXACT,
        /** Another spelling that some reader takes as the field. */
        VARIANT
    }

    private final String field;
    private final List<String> literalKey;
    private final List<String> dottedKey;

    FieldName(String field) {
        this.field = field;
        this.literalKey = key(field);
        this.dottedKey = field.indexOf('.') > 0 ? dotted(field) : null;
    }

    String field() {
        return field;
    }

    /** The configured name split on dots, for JSON: {@code user.email} is {@code ["user", "email"]}. */
    List<String> jsonPath() {
        return List.of(field.split("\\.", -1));
    }

    /** Classifies a still percent-encoded name; throws {@link IllegalArgumentException} if it does not decode. */
    Match classifyEncoded(String rawName) {
        String decoded = FormEncoding.decodeStrict(rawName);
        if (decoded.equals(field)) {
            return FormEncoding.plainlyEncoded(rawName) ? Match.EXACT : Match.VARIANT;
        }
        return variant(decoded) || decodedTwiceIsVariant(decoded) ? Match.VARIANT : Match.NONE;
    }

    /** Classifies an encoded name without failing: undecodable parts are compared as they are. */
    Match classifyLeniently(String rawName) {
        String decoded = FormEncoding.decodeLenient(rawName);
        if (decoded.equals(field)) {
            return FormEncoding.plainlyEncoded(rawName) ? Match.EXACT : Match.VARIANT;
        }
        return variant(decoded) || variant(FormEncoding.decodeLenient(decoded)) ? Match.VARIANT : Match.NONE;
    }

    /** Classifies a name that is already decoded (a JSON key, a multipart part name). */
    Match classifyDecoded(String name) {
        if (name.equals(field)) {
            return Match.EXACT;
        }
        return variant(name) ? Match.VARIANT : Match.NONE;
    }

    /** Whether two JSON keys are one name to a case- or compatibility-folding reader. */
    static boolean sameKey(String a, String b) {
        return fold(a).equals(fold(b));
    }

    private boolean decodedTwiceIsVariant(String decoded) {
        if (decoded.indexOf('%') < 0) {
            return false;
        }
        try {
            return variant(FormEncoding.decodeStrict(decoded));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean variant(String decoded) {
        List<String> key = key(decoded);
        return startsWith(key, literalKey) || dottedKey != null && startsWith(key, dottedKey);
    }

    private static boolean startsWith(List<String> key, List<String> prefix) {
        return key.size() >= prefix.size() && key.subList(0, prefix.size()).equals(prefix);
    }

    private static String fold(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        int start = 0;
        int end = folded.length();
        while (start < end && (folded.charAt(start) <= ' ' || Character.isWhitespace(folded.charAt(start)))) {
            start++;
        }
        while (end > start && (folded.charAt(end - 1) <= ' ' || Character.isWhitespace(folded.charAt(end - 1)))) {
            end--;
        }
        return folded.substring(start, end);
    }

    /** The name as PHP-like readers see it: folded, then a base (dots and spaces as {@code _}) and bracketed keys. */
    private static List<String> key(String name) {
        String folded = fold(name);
        List<String> segments = new ArrayList<>();
        int open = folded.indexOf('[');
        int close = open < 0 ? -1 : folded.indexOf(']', open);
        if (open <= 0 || close < 0) {
            segments.add(folded.replace('.', '_').replace(' ', '_').replace('[', '_'));
            return segments;
        }
        segments.add(folded.substring(0, open).replace('.', '_').replace(' ', '_'));
        while (open >= 0 && close > open) {
            segments.add(folded.substring(open + 1, close));
            open = close + 1 < folded.length() && folded.charAt(close + 1) == '[' ? close + 1 : -1;
            close = open < 0 ? -1 : folded.indexOf(']', open);
        }
        return segments;
    }

    private static List<String> dotted(String field) {
        List<String> segments = new ArrayList<>();
        for (String part : field.split("\\.", -1)) {
            segments.add(fold(part));
        }
        return segments;
    }
}
