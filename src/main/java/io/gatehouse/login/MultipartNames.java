package io.gatehouse.login;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The part names of a {@code multipart/form-data} body, read from every line that starts like a
 * {@code Content-Disposition} header rather than by following boundaries: a reader that splits parts differently
 * (LF-only line ends, a boundary in the preamble) then still cannot find a name that is not listed here.
 * Each name is given as written and, where it differs, percent-decoded and RFC 2231 ({@code name*=}) decoded.
 */
final class MultipartNames {

    private static final String HEADER = "content-disposition";

    private MultipartNames() {}

    /** Every name (and its decoded forms) of every {@code Content-Disposition} line, in order. */
    static List<String> of(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        List<String> names = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end).strip();
            if (line.length() > HEADER.length() && line.regionMatches(true, 0, HEADER, 0, HEADER.length())) {
                namesOf(line.substring(HEADER.length()), names);
            }
            start = end + 1;
        }
        return names;
    }

    /**
     * The parameters after {@code Content-Disposition}: {@code : form-data; name="a"; filename="b"}. The colon counts
     * as a separator too, so {@code Content-Disposition: name="a"} (no type) is read as well.
     */
    private static void namesOf(String header, List<String> names) {
        int length = header.length();
        int i = 0;
        while (i < length) {
            while (i < length
                    && (header.charAt(i) == ';'
                            || header.charAt(i) == ':'
                            || header.charAt(i) == ' '
                            || header.charAt(i) == '\t')) {
                i++;
            }
            int end = i;
            while (end < length && header.charAt(end) != '=' && header.charAt(end) != ';') {
                end++;
            }
            if (end >= length || header.charAt(end) == ';') {
                i = end;
                continue;
            }
            String parameter = header.substring(i, end).strip().toLowerCase(Locale.ROOT);
            i = end + 1;
            while (i < length && header.charAt(i) == ' ') {
                i++;
            }
            String value;
            if (i < length && header.charAt(i) == '"') {
                StringBuilder quoted = new StringBuilder();
                i++;
                while (i < length && header.charAt(i) != '"') {
                    char c = header.charAt(i);
                    if (c == '\\' && i + 1 < length) {
                        c = header.charAt(++i);
                    }
                    quoted.append(c);
                    i++;
                }
                i++;
                value = quoted.toString();
            } else {
                int next = header.indexOf(';', i);
                value = header.substring(i, next < 0 ? length : next).strip();
                i = next < 0 ? length : next;
            }
            if ("name".equals(parameter)) {
                add(names, utf8(value));
            } else if ("name*".equals(parameter)) {
                int quote = value.indexOf('\'', value.indexOf('\'') + 1);
                add(names, FormEncoding.decodeLenient(quote < 0 ? value : value.substring(quote + 1)));
            }
        }
    }

    private static void add(List<String> names, String name) {
        names.add(name);
        // Browsers write '"' as %22 in part names, and some readers decode every escape.
        String decoded = FormEncoding.decodeLenient(name.replace("+", "%2B"));
        if (!decoded.equals(name)) {
            names.add(decoded);
        }
    }

    /** Header bytes were read as ISO-8859-1; part names are sent as UTF-8. */
    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
