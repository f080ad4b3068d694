package io.gatehouse.cookies;

import java.util.List;
import java.util.function.BiConsumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Reads {@code Cookie} request headers without building cookie objects, and more inclusively than a strict
 * RFC 6265 parser: every {@code name=value} pair separated by {@code ;} is seen, whatever characters the value
 * holds, and so is a {@code name=value} that follows a comma inside a value, because some applications split
 * cookies on commas too (RFC 2965). Gatehouse must see every session cookie an upstream could honour, so a
 * pair that a strict parser would drop cannot slip a cookie past the check. Values in double quotes are
 * unquoted, as in {@code Set-Cookie} parsing, so that fingerprints compare like with like.
 */
public final class CookieHeader {

    private CookieHeader() {}

    /** Every pair in the request's {@code Cookie} headers, in order; see the class comment for what counts. */
    static void forEachPair(ServerHttpRequest request, BiConsumer<String, String> pair) {
        List<String> headers = request.getHeaders().get(HttpHeaders.COOKIE);
        if (headers == null) {
            return;
        }
        for (String header : headers) {
            forEachPair(header, pair);
        }
    }

    /** Every pair in one {@code Cookie} header value. */
    static void forEachPair(String header, BiConsumer<String, String> pair) {
        int length = header.length();
        int start = 0;
        while (start < length) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = length;
            }
            int equals = header.indexOf('=', start);
            if (equals >= 0 && equals < end) {
                String name = header.substring(start, equals).strip();
                String value = header.substring(equals + 1, end).strip();
                if (!name.isEmpty()) {
                    pair.accept(name, unquoted(value));
                }
                if (value.indexOf(',') >= 0) {
                    commaSeparated(value, pair);
                }
            }
            start = end + 1;
        }
    }

    /**
     * One {@code Cookie} header value without the {@code ;}-separated pairs that hold a name {@code drop} accepts (a
     * name after a comma inside the pair included); the kept pairs as they were, joined by {@code "; "}.
     */
    public static String without(String header, java.util.function.Predicate<String> drop) {
        StringBuilder kept = new StringBuilder(header.length());
        int start = 0;
        while (start < header.length()) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = header.length();
            }
            String pair = header.substring(start, end).strip();
            boolean[] dropped = new boolean[1];
            forEachPair(pair, (name, value) -> dropped[0] |= drop.test(name));
            if (!pair.isEmpty() && !dropped[0]) {
                kept.append(kept.isEmpty() ? "" : "; ").append(pair);
            }
            start = end + 1;
        }
        return kept.toString();
    }

    /** The pairs after commas in a value: {@code a=1, SESSID=x} read the RFC 2965 way. */
    private static void commaSeparated(String value, BiConsumer<String, String> pair) {
        int comma = value.indexOf(',');
        while (comma >= 0) {
            int next = value.indexOf(',', comma + 1);
            String part = value.substring(comma + 1, next < 0 ? value.length() : next);
            int equals = part.indexOf('=');
            if (equals > 0) {
                String name = part.substring(0, equals).strip();
                if (!name.isEmpty()) {
                    pair.accept(name, unquoted(part.substring(equals + 1).strip()));
                }
            }
            comma = next;
        }
    }

    /**
     * The value of cookie {@code name} (exact, case-sensitive name) when the request carries it exactly once and
     * not empty; null when it is missing, empty or repeated (a repeated session cookie is never trusted blindly).
     */
    public static String single(ServerHttpRequest request, String name) {
        List<String> headers = request.getHeaders().get(HttpHeaders.COOKIE);
        if (headers == null) {
            return null;
        }
        String found = null;
        int count = 0;
        for (String header : headers) {
            int from = 0;
            while (true) {
                int at = header.indexOf(name, from);
                if (at < 0) {
                    break;
                }
                from = at + name.length();
                int start = pairStart(header, at);
                if (start == NOT_A_NAME || !followedByEquals(header, from)) {
                    continue;
                }
                // After a comma, only some parsers see a cookie: never a fast answer from such a header.
                count += start == AFTER_COMMA ? 2 : 1;
                int equals = header.indexOf('=', from);
                int end = header.indexOf(';', equals);
                found = unquoted(header.substring(equals + 1, end < 0 ? header.length() : end)
                        .strip());
            }
        }
        return count == 1 && !found.isEmpty() ? found : null;
    }

    private static final int NOT_A_NAME = 0;
    private static final int AFTER_SEMICOLON = 1;
    private static final int AFTER_COMMA = 2;

    /** Whether the text at {@code at} begins a cookie name, and after which separator. */
    private static int pairStart(String header, int at) {
        for (int i = at - 1; i >= 0; i--) {
            char c = header.charAt(i);
            if (c == ';') {
                return AFTER_SEMICOLON;
            }
            if (c == ',') {
                return AFTER_COMMA;
            }
            if (c != ' ' && c != '\t') {
                return NOT_A_NAME;
            }
        }
        return AFTER_SEMICOLON;
    }

    private static boolean followedByEquals(String header, int from) {
        for (int i = from; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '=') {
                return true;
            }
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return false;
    }

    /** A value in double quotes without them (RFC 6265 allows a quoted cookie value); any other value as it is. */
    static String unquoted(String value) {
        return value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"'
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
