package io.gatehouse.firewall;

import java.util.List;
import java.util.Locale;

/** Checks of the parts of a request target other than the path: the Host header, the query, absolute form. */
final class RequestTarget {

    private static final int MAX_HOST_LENGTH = 253;

    private RequestTarget() {}

    /** Why the Host header values are refused, or null when there is exactly one valid value. */
    static Rejection checkHost(List<String> hostValues) {
        if (hostValues == null || hostValues.isEmpty()) {
            return Rejection.MISSING_HOST;
        }
        if (hostValues.size() > 1) {
            return Rejection.DUPLICATE_HOST;
        }
        return isValidHostAndPort(hostValues.get(0)) ? null : Rejection.INVALID_HOST;
    }

    /** True for {@code host}, {@code host:port}, {@code [v6]} and {@code [v6]:port}; a trailing dot is refused. */
    static boolean isValidHostAndPort(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        int hostEnd;
        if (value.charAt(0) == '[') {
            hostEnd = value.indexOf(']');
            if (hostEnd < 2 || !isIpv6Literal(value, 1, hostEnd)) {
                return false;
            }
            hostEnd++;
        } else {
            int colon = value.indexOf(':');
            hostEnd = colon < 0 ? value.length() : colon;
            if (!isRegisteredName(value, hostEnd)) {
                return false;
            }
        }
        return hostEnd == value.length() || value.charAt(hostEnd) == ':' && isPort(value, hostEnd + 1);
    }

    private static boolean isIpv6Literal(String value, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return value.indexOf(':', start) < end;
    }

    /** Dot-separated labels of letters, digits, '-' and '_' (container names use it); IPv4 fits this too. */
    private static boolean isRegisteredName(String value, int end) {
        if (end == 0 || end > MAX_HOST_LENGTH) {
            return false;
        }
        int labelLength = 0;
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
                if (++labelLength > 63) {
                    return false;
                }
            } else {
                return false;
            }
        }
        // A trailing dot ("example.org.") names the same host, so it would be a second spelling of it.
        return labelLength > 0;
    }

    private static boolean isPort(String value, int start) {
        int length = value.length() - start;
        if (length < 1 || length > 5) {
            return false;
        }
        int port = 0;
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port >= 1 && port <= 65535;
    }

    /**
     * Why an absolute-form target ({@code http://authority/path}) is refused, or null when {@code rawTarget}
     * is in origin form or names the same authority as the Host header.
     */
    static Rejection checkAbsoluteForm(String rawTarget, String host) {
        if (rawTarget == null || rawTarget.isEmpty() || rawTarget.charAt(0) == '/') {
            return null;
        }
        int schemeEnd = rawTarget.indexOf("://");
        int firstSlash = rawTarget.indexOf('/');
        if (schemeEnd <= 0 || firstSlash < schemeEnd) {
            return Rejection.NOT_ORIGIN_FORM;
        }
        String scheme = rawTarget.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < rawTarget.length() && "/?#".indexOf(rawTarget.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = rawTarget.substring(authorityStart, authorityEnd);
        if (!isValidHostAndPort(authority)) {
            return Rejection.FOREIGN_HOST;
        }
        return withoutDefaultPort(authority, scheme).equalsIgnoreCase(withoutDefaultPort(host, scheme))
                ? null
                : Rejection.FOREIGN_HOST;
    }

    private static String withoutDefaultPort(String authority, String scheme) {
        String defaultPort = switch (scheme) {
            case "http", "ws" -> ":80";
            case "https", "wss" -> ":443";
            default -> null;
        };
        return defaultPort != null && authority.endsWith(defaultPort)
                ? authority.substring(0, authority.length() - defaultPort.length())
                : authority;
    }

    /**
     * Why a raw query is refused, or null. Encoded bytes are the application's data and pass (a search box
     * may carry %2F or %0A); raw control or non-ASCII bytes and malformed escapes do not.
     */
    static Rejection checkQuery(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        int length = rawQuery.length();
        for (int i = 0; i < length; i++) {
            char c = rawQuery.charAt(i);
            if (c == '%') {
                if (CanonicalPath.escapedByte(rawQuery, i, length) < 0) {
                    return Rejection.MALFORMED_ESCAPE;
                }
                i += 2;
            } else if (c < 0x20 || c == 0x7F) {
                return Rejection.CONTROL_CHARACTER;
            } else if (c >= 0x80) {
                return Rejection.NON_ASCII;
            } else if (c == ' ' || c == '#' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`' || c == '{'
                    || c == '}' || c == '|' || c == '^') {
                return Rejection.INVALID_CHARACTER;
            }
        }
        return null;
    }
}
