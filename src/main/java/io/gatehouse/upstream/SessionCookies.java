package io.gatehouse.upstream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Recognises the upstream's session cookies by name or glob pattern (some applications derive the name,
 * e.g. from a hash), in requests and in {@code Set-Cookie} headers.
 */
public final class SessionCookies {

    private final List<Pattern> patterns;

    public SessionCookies(List<String> namesOrGlobs) {
        List<Pattern> compiled = new ArrayList<>();
        for (String glob : namesOrGlobs) {
            StringBuilder regex = new StringBuilder();
            for (String part : glob.split("\\*", -1)) {
                if (!regex.isEmpty()) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(part));
            }
            // Cookie names are case-sensitive, but so few servers rely on that that ignoring case is safer.
            compiled.add(Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE));
        }
        this.patterns = List.copyOf(compiled);
    }

    public boolean isSessionCookie(String name) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The session cookies a browser sent, name to value (a repeated name keeps every value). */
    public Map<String, List<String>> in(ServerHttpRequest request) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        request.getCookies().forEach((name, cookies) -> {
            if (isSessionCookie(name)) {
                List<String> values = new ArrayList<>();
                for (HttpCookie cookie : cookies) {
                    values.add(cookie.getValue());
                }
                found.put(name, values);
            }
        });
        return found;
    }

    /** The {@code Set-Cookie} headers in {@code headers} that set (not clear) a session cookie. */
    public List<String> setBy(HttpHeaders headers) {
        List<String> set = new ArrayList<>();
        for (String header : headers.getOrEmpty(HttpHeaders.SET_COOKIE)) {
            ParsedSetCookie cookie = ParsedSetCookie.parse(header);
            if (cookie != null && isSessionCookie(cookie.name()) && !cookie.clears()) {
                set.add(header);
            }
        }
        return set;
    }

    /** Whether {@code headers} clear (expire or empty) one of the session cookies: the upstream logged out. */
    public boolean clearedBy(HttpHeaders headers) {
        for (String header : headers.getOrEmpty(HttpHeaders.SET_COOKIE)) {
            ParsedSetCookie cookie = ParsedSetCookie.parse(header);
            if (cookie != null && isSessionCookie(cookie.name()) && cookie.clears()) {
                return true;
            }
        }
        return false;
    }

    /** Removes every session-cookie {@code Set-Cookie} header, keeping the application's other cookies. */
    public void removeFrom(HttpHeaders headers) {
        List<String> kept = new ArrayList<>();
        for (String header : headers.getOrEmpty(HttpHeaders.SET_COOKIE)) {
            ParsedSetCookie cookie = ParsedSetCookie.parse(header);
            if (cookie == null || !isSessionCookie(cookie.name())) {
                kept.add(header);
            }
        }
        headers.remove(HttpHeaders.SET_COOKIE);
        kept.forEach(header -> headers.add(HttpHeaders.SET_COOKIE, header));
    }

    /** {@code Set-Cookie} headers that make the browser drop the session cookies it sent. */
    public List<String> expiryFor(ServerHttpRequest request) {
        List<String> expiries = new ArrayList<>();
        for (String name : in(request).keySet()) {
            expiries.add(ResponseCookie.from(name, "").path("/").maxAge(0).build().toString());
        }
        return expiries;
    }

    /** The name and value of one {@code Set-Cookie} header, and whether it deletes the cookie. */
    record ParsedSetCookie(String name, String value, boolean clears) {

        static ParsedSetCookie parse(String header) {
            int semicolon = header.indexOf(';');
            String pair = semicolon < 0 ? header : header.substring(0, semicolon);
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                return null;
            }
            String name = pair.substring(0, equals).trim();
            String value = pair.substring(equals + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            boolean clears = value.isEmpty() || expiresNow(header.substring(Math.max(semicolon, 0)));
            return new ParsedSetCookie(name, value, clears);
        }

        private static boolean expiresNow(String attributes) {
            for (String attribute : attributes.split(";")) {
                String trimmed = attribute.trim().toLowerCase(Locale.ROOT);
                if (trimmed.startsWith("max-age=")) {
                    try {
                        return Long.parseLong(trimmed.substring(8).trim()) <= 0;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
                if (trimmed.startsWith("expires=")) {
                    try {
                        java.time.ZonedDateTime expires = java.time.ZonedDateTime.parse(
                                attribute.trim().substring(8).trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                        if (expires.toInstant().isBefore(java.time.Instant.now())) {
                            return true;
                        }
                    } catch (java.time.format.DateTimeParseException e) {
                        // An unparseable date is ignored, as browsers do.
                    }
                }
            }
            return false;
        }
    }
}
