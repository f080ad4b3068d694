package io.gatehouse.cookies;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Recognises the upstream's session cookies by name or glob pattern (some applications derive the name,
 * e.g. from a hash), in requests and in {@code Set-Cookie} headers.
 */
public final class SessionCookies {

    /** Plain names, lower-cased: most configurations name their cookies, so most checks need no pattern. */
    private final Set<String> names;

    private final List<Pattern> patterns;

    public SessionCookies(List<String> namesOrGlobs) {
        Set<String> plain = new HashSet<>();
        List<Pattern> compiled = new ArrayList<>();
        for (String glob : namesOrGlobs) {
            if (glob.indexOf('*') < 0) {
                plain.add(glob.toLowerCase(Locale.ROOT));
                continue;
            }
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
        this.names = Set.copyOf(plain);
        this.patterns = List.copyOf(compiled);
    }

    /**
     * Whether {@code name} is, or some application would read it as, a session cookie. Besides the name itself
     * (case ignored) this checks the name as PHP decodes it ({@code %XX} decoded, leading spaces dropped, space,
     * dot and {@code [} turned into {@code _}): {@code wp.session} and {@code wp%5Fsession} reach PHP as
     * {@code wp_session}, so they are session cookies too, and a cookie sent under such a name has to pass the
     * same check.
     */
    public boolean isSessionCookie(String name) {
        if (matches(name)) {
            return true;
        }
        String decoded = decodedName(name);
        return decoded != null && matches(decoded);
    }

    private boolean matches(String name) {
        if (names.contains(name.toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The name as PHP (or a framework that decodes names) sees it, or null when that is the name itself: {@code %XX}
     * decoded, leading spaces dropped, an array element ({@code name[0]}) reduced to its array's name, space, dot and a
     * lone {@code [} turned into {@code _}.
     */
    static String decodedName(String name) {
        boolean plain = true;
        for (int i = 0; i < name.length() && plain; i++) {
            char c = name.charAt(i);
            plain = c != '%' && c != '.' && c != ' ' && c != '[' && c != '+';
        }
        if (plain) {
            return null;
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = name;
        }
        decoded = decoded.stripLeading();
        int bracket = decoded.indexOf('[');
        if (bracket > 0 && decoded.indexOf(']', bracket) > 0) {
            decoded = decoded.substring(0, bracket);
        }
        return decoded.replace(' ', '_').replace('.', '_').replace('[', '_');
    }

    /**
     * The session cookies a browser sent, name to value (a repeated name keeps every value). Read inclusively
     * (see {@link CookieHeader}): a session cookie a strict parser would drop is still seen, and checked.
     */
    public Map<String, List<String>> in(ServerHttpRequest request) {
        Map<String, List<String>> found = new LinkedHashMap<>(4);
        CookieHeader.forEachPair(request, (name, value) -> {
            if (isSessionCookie(name)) {
                found.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
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
            try {
                expiries.add(ResponseCookie.from(name, "")
                        .path("/")
                        .maxAge(0)
                        .build()
                        .toString());
            } catch (IllegalArgumentException e) {
                // A name no Set-Cookie can carry (e.g. with a space) cannot be expired; it is refused all the same.
            }
        }
        return expiries;
    }

    /** The name and value of one {@code Set-Cookie} header, and whether it deletes the cookie. */
    public record ParsedSetCookie(String name, String value, boolean clears) {

        public static ParsedSetCookie parse(String header) {
            int semicolon = header.indexOf(';');
            String pair = semicolon < 0 ? header : header.substring(0, semicolon);
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                return null;
            }
            String name = pair.substring(0, equals).trim();
            String value = CookieHeader.unquoted(pair.substring(equals + 1).trim());
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
                                attribute.trim().substring(8).trim(),
                                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
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
