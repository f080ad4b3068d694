package io.gatehouse.demo;

import com.sun.net.httpserver.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One request to the demo site: method, path, parameters, body, and the signed-in user if any. */
final class DemoRequest {

    private final String method;
    private final String path;
    private final String rawQuery;
    private final Headers headers;
    private final byte[] body;
    private final String sessionId;
    private final DemoUser user;

    DemoRequest(
            String method,
            String path,
            String rawQuery,
            Headers headers,
            byte[] body,
            String sessionId,
            DemoUser user) {
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.body = body;
        this.sessionId = sessionId;
        this.user = user;
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    /** The path and query as the browser sent them, for returning to after sign-in. */
    String target() {
        return rawQuery == null ? path : path + "?" + rawQuery;
    }

    byte[] body() {
        return body.clone();
    }

    String contentType() {
        String value = headers.getFirst("Content-Type");
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }

    /** The id of the live session the request presented, or null. */
    String sessionId() {
        return sessionId;
    }

    Optional<DemoUser> user() {
        return Optional.ofNullable(user);
    }

    /** The first value of a query parameter, or null. */
    String query(String name) {
        return first(parse(rawQuery), name);
    }

    /** The first value of a url-encoded form field, or null; other bodies have no fields. */
    String form(String name) {
        if (!contentType().startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        return first(parse(new String(body, StandardCharsets.UTF_8)), name);
    }

    /** Every value of the named cookie, in the order the browser sent them. */
    static List<String> cookies(Headers headers, String name) {
        List<String> values = new ArrayList<>();
        for (String header : headers.getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    values.add(pair.substring(eq + 1).trim());
                }
            }
        }
        return values;
    }

    private static Map<String, List<String>> parse(String encoded) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.computeIfAbsent(decode(name), key -> new ArrayList<>()).add(decode(value));
            } catch (IllegalArgumentException malformed) {
                // A broken escape drops that one parameter, as lenient legacy frameworks do.
            }
        }
        return params;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
