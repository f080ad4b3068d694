package io.gatehouse.firewall;

/** Why the firewall refused a request target; {@link #reason()} is for the log, never for the client. */
public enum Rejection {
    NOT_ORIGIN_FORM("the path does not start with '/'"),
    FOREIGN_HOST("the absolute-form target names another host than the Host header"),
    MISSING_HOST("the Host header is missing"),
    DUPLICATE_HOST("the Host header appears more than once"),
    INVALID_HOST("the Host header is not a valid host[:port]"),
    ENCODED_SEPARATOR("the path contains an encoded '/' or '\\' (%2F, %5C)"),
    BACKSLASH("the path contains a raw '\\'"),
    DOT_SEGMENT("the path contains a '.' or '..' segment, raw or encoded"),
    EMPTY_SEGMENT("the path contains an empty segment ('//')"),
    PATH_PARAMETER("the path contains ';' (a matrix or path parameter), raw or encoded"),
    DOUBLE_ENCODING("the path contains an encoded '%' (%25), a sign of double encoding"),
    CONTROL_CHARACTER("the target contains a control or invisible character, raw or encoded"),
    NON_ASCII("the target contains a non-ASCII byte (raw anywhere, or percent-encoded in the path)"),
    INVALID_UTF8("the path contains percent-encoded bytes that are not valid, shortest-form UTF-8"),
    ASCII_LOOKALIKE("the path contains a Unicode character that normalises to ASCII (e.g. fullwidth '／')"),
    MALFORMED_ESCAPE("the target contains a malformed percent escape ('%' not followed by two hex digits)"),
    INVALID_CHARACTER("the target contains a character that is not allowed there unencoded"),
    TRAILING_DOT_OR_SPACE("a path segment ends with '.' or a space, a Windows-style alias");

    private final String reason;

    Rejection(String reason) {
        this.reason = reason;
    }

    /** A human sentence for the log. */
    public String reason() {
        return reason;
    }
}
