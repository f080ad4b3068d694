package io.gatehouse.upstream;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds credential fields (a login's password field, configured credential fields) in a request's query or body, in
 * any spelling an upstream could read as that field: any case, percent-encoded, a PHP array element
 * ({@code pass[]}, {@code pass[x]}) or PHP's mangled name ({@code pa.ss} for {@code pa_ss}), a JSON property at any
 * depth, a multipart part. Reading more inclusively than any one upstream keeps a password from slipping past.
 */
final class CredentialFields {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PART_NAME = Pattern.compile(
            "(?i)content-disposition:[^\\r\\n]*?\\bname\\*?\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))");

    private final Set<String> names;

    CredentialFields(Set<String> fields) {
        this.names = fields.stream().map(CredentialFields::normalised).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Whether a raw query string (or form body) names one of the fields. */
    boolean inQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return false;
        }
        for (String pair : rawQuery.split("[&;]")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (!name.isEmpty() && names.contains(normalised(name))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a request body of this type names one of the fields. A body whose type says nothing useful is read every
     * way an upstream might read it (JSON, a form, multipart), since some read JSON whatever the type says.
     */
    boolean inBody(MediaType type, byte[] body) {
        if (body.length == 0) {
            return false;
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        if (type != null && type.isCompatibleWith(MediaType.MULTIPART_FORM_DATA)) {
            return inMultipart(text);
        }
        return inJson(body) || inQuery(text.strip()) || inMultipart(text);
    }

    private boolean inMultipart(String text) {
        Matcher part = PART_NAME.matcher(text);
        while (part.find()) {
            String name = part.group(1) != null ? part.group(1) : part.group(2);
            int quote = name.lastIndexOf('\'');
            if (quote >= 0) {
                // RFC 2231 form: charset'language'value
                name = name.substring(quote + 1);
            }
            if (names.contains(normalised(name))) {
                return true;
            }
        }
        return false;
    }

    private boolean inJson(byte[] body) {
        int first = 0;
        while (first < body.length && Character.isWhitespace(body[first])) {
            first++;
        }
        if (first == body.length || body[first] != '{' && body[first] != '[') {
            return false;
        }
        try (JsonParser parser = JSON.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.PROPERTY_NAME && names.contains(normalised(parser.currentName()))) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            // Not JSON after all: read as a form or multipart by the caller.
        }
        return false;
    }

    /**
     * One spelling for every way a name can reach an upstream as the same field: percent-decoded (repeatedly), the
     * part before a PHP array bracket, PHP's mangling of spaces and dots into {@code _}, lower case, trimmed.
     */
    static String normalised(String name) {
        String decoded = name.replace('+', ' ');
        for (int i = 0; i < 3 && decoded.indexOf('%') >= 0; i++) {
            try {
                decoded = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                break;
            }
        }
        decoded = decoded.strip();
        int bracket = decoded.indexOf('[');
        if (bracket > 0) {
            decoded = decoded.substring(0, bracket);
        }
        return decoded.replace(' ', '_').replace('.', '_').toLowerCase(Locale.ROOT);
    }
}
