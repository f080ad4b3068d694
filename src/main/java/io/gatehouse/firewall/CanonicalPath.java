package io.gatehouse.firewall;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a raw (still percent-encoded) request path into the one decoded path that policy matching uses,
 * or says why the path is ambiguous.
 *
 * <p>The check is deliberately stricter than any server or framework: a path is accepted only when every
 * component between Gatehouse and the upstream (Netty, Spring, the upstream's server, its file system)
 * can read it in just one way. Anything that some component might normalise differently (dot segments,
 * {@code //}, encoded separators, {@code ;} parameters, double encoding, trailing dots, Unicode that folds
 * to ASCII) is refused rather than normalised, so the policy always decides on exactly the path that is
 * forwarded.
 */
public final class CanonicalPath {

    private static final Map<Rejection, Result> REJECTED = rejectedResults();

    private CanonicalPath() {}

    /** Checks {@code rawPath} with the default setting: only ASCII paths are accepted. */
    public static Result of(String rawPath) {
        return of(rawPath, false);
    }

    /**
     * Checks {@code rawPath}; with {@code allowUtf8} percent-encoded, valid, shortest-form UTF-8 is accepted
     * (raw non-ASCII bytes never are).
     */
    public static Result of(String rawPath, boolean allowUtf8) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return Result.rejected(Rejection.NOT_ORIGIN_FORM);
        }
        StringBuilder decoded = new StringBuilder(rawPath.length());
        int length = rawPath.length();
        int start = 1;
        while (true) {
            int end = rawPath.indexOf('/', start);
            boolean last = end < 0;
            if (last) {
                end = length;
            }
            decoded.append('/');
            if (start == end) {
                // Only the final segment may be empty: "/" itself, or a directory-style trailing slash.
                if (!last) {
                    return Result.rejected(Rejection.EMPTY_SEGMENT);
                }
            } else {
                Rejection rejection = decodeSegment(rawPath, start, end, allowUtf8, decoded);
                if (rejection != null) {
                    return Result.rejected(rejection);
                }
            }
            if (last) {
                return Result.accepted(decoded.toString());
            }
            start = end + 1;
        }
    }

    /** Decodes {@code raw[start, end)} onto {@code out}; returns why it is refused, or null. */
    private static Rejection decodeSegment(String raw, int start, int end, boolean allowUtf8, StringBuilder out) {
        int segmentStart = out.length();
        int i = start;
        while (i < end) {
            char c = raw.charAt(i);
            if (c == '%') {
                int b = escapedByte(raw, i, end);
                if (b < 0) {
                    return Rejection.MALFORMED_ESCAPE;
                }
                if (b >= 0x80) {
                    if (!allowUtf8) {
                        return Rejection.NON_ASCII;
                    }
                    int runEnd = escapeRunEnd(raw, i, end);
                    if (runEnd < 0) {
                        return Rejection.MALFORMED_ESCAPE;
                    }
                    Rejection rejection = decodeUtf8(raw, i, runEnd, out);
                    if (rejection != null) {
                        return rejection;
                    }
                    i = runEnd;
                    continue;
                }
                Rejection rejection = checkDecodedAscii((char) b);
                if (rejection != null) {
                    return rejection;
                }
                out.append((char) b);
                i += 3;
            } else {
                Rejection rejection = checkRawChar(c);
                if (rejection != null) {
                    return rejection;
                }
                out.append(c);
                i++;
            }
        }
        return checkSegment(out, segmentStart);
    }

    private static Rejection checkDecodedAscii(char c) {
        if (c == '/' || c == '\\') {
            return Rejection.ENCODED_SEPARATOR;
        }
        if (c == '%') {
            return Rejection.DOUBLE_ENCODING;
        }
        if (c == ';') {
            return Rejection.PATH_PARAMETER;
        }
        if (c < 0x20 || c == 0x7F) {
            return Rejection.CONTROL_CHARACTER;
        }
        return null;
    }

    private static Rejection checkRawChar(char c) {
        if (c == '\\') {
            return Rejection.BACKSLASH;
        }
        if (c == ';') {
            return Rejection.PATH_PARAMETER;
        }
        if (c < 0x20 || c == 0x7F) {
            return Rejection.CONTROL_CHARACTER;
        }
        if (c >= 0x80) {
            return Rejection.NON_ASCII;
        }
        if (!isPathChar(c)) {
            return Rejection.INVALID_CHARACTER;
        }
        return null;
    }

    /** RFC 3986 pchar without pct-encoded and without ';' (refused separately). */
    private static boolean isPathChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,=:@".indexOf(c) >= 0;
    }

    private static Rejection checkSegment(StringBuilder out, int segmentStart) {
        int length = out.length() - segmentStart;
        if (length == 1 && out.charAt(segmentStart) == '.'
                || length == 2 && out.charAt(segmentStart) == '.' && out.charAt(segmentStart + 1) == '.') {
            return Rejection.DOT_SEGMENT;
        }
        int lastCodePoint = out.codePointBefore(out.length());
        // Windows and IIS strip trailing dots and spaces, so "/admin." would reach the upstream as "/admin".
        if (lastCodePoint == '.'
                || lastCodePoint == ' '
                || Character.isWhitespace(lastCodePoint)
                || Character.isSpaceChar(lastCodePoint)) {
            return Rejection.TRAILING_DOT_OR_SPACE;
        }
        return null;
    }

    /** The byte of the escape at {@code i}, or -1 when it is not '%' and two ASCII hex digits before {@code end}. */
    static int escapedByte(String raw, int i, int end) {
        if (i + 2 >= end) {
            return -1;
        }
        int high = hexValue(raw.charAt(i + 1));
        int low = hexValue(raw.charAt(i + 2));
        return high < 0 || low < 0 ? -1 : high << 4 | low;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The end of the run of escapes of non-ASCII bytes starting at {@code i}, or -1 if one is malformed. */
    private static int escapeRunEnd(String raw, int i, int end) {
        int j = i;
        while (j < end && raw.charAt(j) == '%') {
            int b = escapedByte(raw, j, end);
            if (b < 0) {
                return -1;
            }
            if (b < 0x80) {
                break;
            }
            j += 3;
        }
        return j;
    }

    private static Rejection decodeUtf8(String raw, int start, int end, StringBuilder out) {
        byte[] bytes = new byte[(end - start) / 3];
        for (int k = 0; k < bytes.length; k++) {
            bytes[k] = (byte) escapedByte(raw, start + 3 * k, end);
        }
        // The JDK's decoder refuses overlong forms, encoded surrogates and code points above U+10FFFF.
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars;
        try {
            chars = decoder.decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException ex) {
            return Rejection.INVALID_UTF8;
        }
        String text = chars.toString();
        for (int k = 0; k < text.length(); ) {
            int codePoint = text.codePointAt(k);
            Rejection rejection = checkCodePoint(codePoint);
            if (rejection != null) {
                return rejection;
            }
            k += Character.charCount(codePoint);
        }
        out.append(text);
        return null;
    }

    private static Rejection checkCodePoint(int codePoint) {
        int type = Character.getType(codePoint);
        if (Character.isISOControl(codePoint)
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR) {
            return Rejection.CONTROL_CHARACTER;
        }
        // Some servers (IIS "best fit", NFKC-normalising frameworks) fold e.g. U+FF0F into '/'.
        String folded = Normalizer.normalize(new String(Character.toChars(codePoint)), Normalizer.Form.NFKC);
        for (int k = 0; k < folded.length(); k++) {
            if (folded.charAt(k) < 0x80) {
                return Rejection.ASCII_LOOKALIKE;
            }
        }
        return null;
    }

    private static Map<Rejection, Result> rejectedResults() {
        Map<Rejection, Result> results = new EnumMap<>(Rejection.class);
        for (Rejection rejection : Rejection.values()) {
            results.put(rejection, new Result(null, rejection));
        }
        return results;
    }

    /** Either the decoded canonical path or the reason it was refused. */
    public static final class Result {

        private final String path;

        private final Rejection rejection;

        private Result(String path, Rejection rejection) {
            this.path = path;
            this.rejection = rejection;
        }

        static Result accepted(String path) {
            return new Result(Objects.requireNonNull(path), null);
        }

        static Result rejected(Rejection rejection) {
            return REJECTED.get(rejection);
        }

        public boolean isAccepted() {
            return rejection == null;
        }

        /** The decoded canonical path; only for an accepted result. */
        public String path() {
            if (rejection != null) {
                throw new IllegalStateException("The path was rejected: " + rejection.reason());
            }
            return path;
        }

        public Optional<Rejection> rejection() {
            return Optional.ofNullable(rejection);
        }

        @Override
        public String toString() {
            return rejection == null ? "accepted " + path : "rejected " + rejection;
        }
    }
}
