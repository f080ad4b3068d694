package io.gatehouse.login;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code application/x-www-form-urlencoded} text (a query string or a form body) read byte by byte: pairs split on
 * {@code &}, names and values percent-decoded as UTF-8, strictly (a bad escape or bad UTF-8 is an error, never a
 * replacement character) or leniently (kept as they are) where only a yes/no answer is needed.
 */
final class FormEncoding {

    /** One {@code name=value} pair, still encoded; {@code value} is empty when there is no {@code =}. */
    record Pair(String rawName, byte[] rawValue) {}

    private FormEncoding() {}

    /** The {@code &}-separated pairs, in order, skipping empty ones. */
    static List<Pair> pairs(byte[] text) {
        return split(text, false);
    }

    /**
     * The pairs as the most liberal readers split them: on {@code &}, {@code ;} (old CGI and Python) and line breaks
     * ({@code text/plain} forms).
     */
    static List<Pair> lenientPairs(byte[] text) {
        return split(text, true);
    }

    private static List<Pair> split(byte[] text, boolean lenient) {
        List<Pair> pairs = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length; i++) {
            boolean end = i == text.length
                    || text[i] == '&'
                    || lenient && (text[i] == ';' || text[i] == '\n' || text[i] == '\r');
            if (!end) {
                continue;
            }
            if (i > start) {
                int equals = start;
                while (equals < i && text[equals] != '=') {
                    equals++;
                }
                String name = new String(text, start, equals - start, StandardCharsets.ISO_8859_1);
                byte[] value = equals < i ? java.util.Arrays.copyOfRange(text, equals + 1, i) : new byte[0];
                pairs.add(new Pair(name, value));
            }
            start = i + 1;
        }
        return pairs;
    }

    /** Percent- and {@code +}-decodes as UTF-8; throws {@link IllegalArgumentException} on any malformed input. */
    static String decodeStrict(byte[] encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length);
        for (int i = 0; i < encoded.length; i++) {
            byte b = encoded[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                if (i + 2 >= encoded.length || hex(encoded[i + 1]) < 0 || hex(encoded[i + 2]) < 0) {
                    throw new IllegalArgumentException("malformed percent escape");
                }
                bytes.write(hex(encoded[i + 1]) << 4 | hex(encoded[i + 2]));
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
    }

    static String decodeStrict(String encoded) {
        return decodeStrict(encoded.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Like {@link #decodeStrict(byte[])}, but a bad escape stays as it is and bad UTF-8 becomes U+FFFD. */
    static String decodeLenient(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%'
                    && i + 2 < encoded.length()
                    && hex(encoded.charAt(i + 1)) >= 0
                    && hex(encoded.charAt(i + 2)) >= 0) {
                bytes.write(hex(encoded.charAt(i + 1)) << 4 | hex(encoded.charAt(i + 2)));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code rawName} is spelt the way browsers and HTTP libraries spell it: no percent escape of a letter,
     * digit or {@code -._~*}, which no client needs to encode and which only someone steering a reader would.
     */
    static boolean plainlyEncoded(String rawName) {
        for (int i = 0; i + 2 < rawName.length(); i++) {
            if (rawName.charAt(i) == '%' && hex(rawName.charAt(i + 1)) >= 0 && hex(rawName.charAt(i + 2)) >= 0) {
                int decoded = hex(rawName.charAt(i + 1)) << 4 | hex(rawName.charAt(i + 2));
                if (Character.isLetterOrDigit(decoded) && decoded < 0x80 || "-._~*".indexOf(decoded) >= 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int hex(int c) {
        return Character.digit(c, 16);
    }
}
