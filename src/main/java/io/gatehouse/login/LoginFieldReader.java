package io.gatehouse.login;

import io.gatehouse.config.UpstreamProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the username field of a login request the way every common reader could, and answers only when all of them
 * would agree: the query string and the body are both read (servlets prefer the query, PHP and Rails the last
 * duplicate), names are decoded and compared in every spelling sites accept, and the body is read as what it looks
 * like as well as what it is declared to be. Anything two readers could take differently is
 * {@link FieldReading.Ambiguous}; see {@link #read(String, String, byte[])} for the list.
 */
public final class LoginFieldReader {

    private static final JsonMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final JsonMapper LENIENT_JSON = JsonMapper.builder().build();

    private final FieldName field;
    private final UsernameRules rules;
    private final boolean refuseLookAlikes;

    /**
     * @param field the configured field, dotted for JSON nesting ({@code user.email})
     * @param rules the canonicalisation of the value found
     * @param refuseLookAlikes refuse values that {@linkplain UsernameRules#looksAmbiguous(String) look ambiguous};
     *        true when no identity probe is configured to say whom the site really signed in
     */
    public LoginFieldReader(String field, UsernameRules rules, boolean refuseLookAlikes) {
        this.field = new FieldName(field);
        this.rules = rules;
        this.refuseLookAlikes = refuseLookAlikes;
    }

    /** The reader for {@code gatehouse.upstream.login.username-field}; look-alikes refused unless a probe is set. */
    public static LoginFieldReader of(UpstreamProperties upstream) {
        return new LoginFieldReader(
                upstream.login().usernameField(), UsernameRules.of(upstream), upstream.identity() == null);
    }

    /**
     * Reads the field from {@code request}'s query string and {@code body} (the bytes that will be forwarded); more
     * than one {@code Content-Type} header, or a {@code Content-Encoding} other than {@code identity} on a non-empty
     * body, is ambiguous.
     */
    public FieldReading read(ServerHttpRequest request, byte[] body) {
        HttpHeaders headers = request.getHeaders();
        List<String> types = headers.getOrEmpty(HttpHeaders.CONTENT_TYPE);
        if (types.size() > 1) {
            return new FieldReading.Ambiguous("more than one Content-Type header");
        }
        if (body.length > 0 && encoded(headers)) {
            return new FieldReading.Ambiguous("a Content-Encoding Gatehouse does not read");
        }
        return read(request.getURI().getRawQuery(), types.isEmpty() ? null : types.get(0), body);
    }

    /**
     * Reads the field from a raw (still encoded) query string, the body's declared {@code Content-Type} (null when
     * none) and the body. Ambiguous when:
     * <ul>
     * <li>the field appears more than once: duplicates in a form, in the query, in both query and body, a JSON array
     *     or duplicate JSON key;</li>
     * <li>it appears under another spelling: percent-encoded letters ({@code %65mail}), other letter case
     *     ({@code Email}), compatibility forms, PHP array or mangled names ({@code email[]}, {@code e.mail});</li>
     * <li>the body does not match its type: JSON-looking ({@code {...}} or {@code [...]}) but declared as something
     *     else, declared JSON but not valid JSON, or a non-form type whose body carries the field as a form;</li>
     * <li>the field is in a {@code multipart/*} body (part parsing differs too much between readers);</li>
     * <li>the query or body does not decode (bad escapes, bad UTF-8, a charset other than UTF-8), or the
     *     {@code Content-Type} does not parse;</li>
     * <li>the value {@linkplain UsernameRules#looksAmbiguous(String) looks ambiguous} (when look-alikes are refused)
     *     or the username rules refuse it.</li>
     * </ul>
     */
    public FieldReading read(String rawQuery, String contentType, byte[] body) {
        Occurrences found = new Occurrences();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            readForm(rawQuery.getBytes(StandardCharsets.UTF_8), "query", found);
        }
        if (!blank(body)) {
            readBody(contentType, body, found);
        }
        return found.reading(this);
    }

    /**
     * Whether any of {@code names} appears in the query or body in any spelling a reader could accept (see
     * {@link #read(String, String, byte[])}), including PHP-style {@code pass[]} and {@code pass[x]}, JSON keys at any
     * depth and multipart part names. Form-style scanning covers form, {@code text/plain} and untyped bodies; any
     * JSON-looking body is scanned as JSON whatever its declared type; other types (files, images) are not scanned.
     */
    public static boolean carriesField(String rawQuery, String contentType, byte[] body, Collection<String> names) {
        List<FieldName> fields = names.stream().map(FieldName::new).toList();
        if (rawQuery != null && !rawQuery.isEmpty() && anyFormName(rawQuery.getBytes(StandardCharsets.UTF_8), fields)) {
            return true;
        }
        if (blank(body)) {
            return false;
        }
        MediaType type = parse(contentType).orElse(null);
        if (looksLikeJson(body) && anyJsonKey(body, fields)) {
            return true;
        }
        if (type != null && "multipart".equalsIgnoreCase(type.getType())) {
            return MultipartNames.of(body).stream().anyMatch(name -> matchesAny(fields, name));
        }
        boolean formLike = type == null
                || type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)
                || type.isCompatibleWith(MediaType.TEXT_PLAIN);
        return formLike && anyFormName(body, fields);
    }

    /** {@link #carriesField(String, String, byte[], Collection)} for a request: every {@code Content-Type} is tried. */
    public static boolean carriesField(ServerHttpRequest request, byte[] body, Collection<String> names) {
        String query = request.getURI().getRawQuery();
        List<String> types = request.getHeaders().getOrEmpty(HttpHeaders.CONTENT_TYPE);
        if (types.size() == 1) {
            return carriesField(query, types.get(0), body, names);
        }
        // None or several: read the body as untyped (form and JSON) and as multipart.
        return carriesField(query, null, body, names)
                || carriesField(null, MediaType.MULTIPART_FORM_DATA_VALUE, body, names);
    }

    private void readBody(String contentType, byte[] body, Occurrences found) {
        Optional<MediaType> parsed = parse(contentType);
        if (contentType != null && parsed.isEmpty()) {
            found.ambiguous("a Content-Type that does not parse");
            return;
        }
        MediaType type = parsed.orElse(null);
        String charset = type == null ? null : type.getParameter("charset");
        if (charset != null && !isUtf8(charset)) {
            found.ambiguous("a body in a charset other than UTF-8");
            return;
        }
        String declared = type == null ? "no Content-Type" : type.getType() + "/" + type.getSubtype();
        boolean json = looksLikeJson(body);
        if (type != null && isJson(type)) {
            readJson(body, found);
        } else if (json) {
            found.ambiguous("a JSON body declared as " + declared);
        } else if (type != null && type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            readForm(body, "body", found);
        } else if (type != null && "multipart".equalsIgnoreCase(type.getType())) {
            List<String> names = MultipartNames.of(body);
            if (names.stream().anyMatch(name -> field.classifyDecoded(name) != FieldName.Match.NONE)) {
                found.ambiguous("the field in a multipart body");
            } else if (names.isEmpty() && anyFormName(body, List.of(field))) {
                found.ambiguous("the field in a " + declared + " body that is not multipart");
            }
        } else if (anyFormName(body, List.of(field))) {
            found.ambiguous("the field in a body declared as " + declared);
        }
    }

    private void readForm(byte[] text, String where, Occurrences found) {
        for (FormEncoding.Pair pair : FormEncoding.pairs(text)) {
            FieldName.Match match;
            try {
                match = field.classifyEncoded(pair.rawName());
            } catch (IllegalArgumentException e) {
                found.ambiguous("a name in the " + where + " that does not decode");
                continue;
            }
            if (match == FieldName.Match.VARIANT) {
                found.ambiguous("the field under another spelling of its name in the " + where);
            } else if (match == FieldName.Match.EXACT) {
                try {
                    found.add(FormEncoding.decodeStrict(pair.rawValue()), where);
                } catch (IllegalArgumentException e) {
                    found.ambiguous("a value in the " + where + " that does not decode");
                }
            }
        }
        // Readers that also split on ';' or line breaks see names inside what the strict split calls a value.
        if (countFormNames(FormEncoding.lenientPairs(text)) > countFormNames(FormEncoding.pairs(text))) {
            found.ambiguous("the field after a ';' or line break in the " + where);
        }
    }

    private long countFormNames(List<FormEncoding.Pair> pairs) {
        return pairs.stream()
                .filter(pair -> field.classifyLeniently(pair.rawName()) != FieldName.Match.NONE)
                .count();
    }

    private void readJson(byte[] body, Occurrences found) {
        JsonNode node;
        try {
            node = STRICT_JSON.readTree(body);
        } catch (JacksonException e) {
            found.ambiguous("a body declared as JSON that is not valid JSON without duplicate keys");
            return;
        }
        List<String> path = field.jsonPath();
        for (int depth = 0; depth < path.size(); depth++) {
            if (node == null || !node.isObject()) {
                return;
            }
            String segment = path.get(depth);
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String key = property.getKey();
                if (!key.equals(segment)
                        && (FieldName.sameKey(key, segment)
                                || depth == 0 && field.classifyDecoded(key) != FieldName.Match.NONE)) {
                    found.ambiguous("the field under another spelling of its name in the JSON body");
                }
            }
            node = node.get(segment);
        }
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isString()) {
            found.ambiguous("a JSON value for the field that is not a single string");
            return;
        }
        found.add(node.stringValue(), "body");
    }

    private static boolean anyFormName(byte[] text, List<FieldName> fields) {
        for (FormEncoding.Pair pair : FormEncoding.lenientPairs(text)) {
            for (FieldName name : fields) {
                if (name.classifyLeniently(pair.rawName()) != FieldName.Match.NONE) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean anyJsonKey(byte[] body, List<FieldName> fields) {
        // Streaming sees every key, duplicates included, and what it read before any syntax error.
        try (JsonParser parser = LENIENT_JSON.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.PROPERTY_NAME && matchesAnyJsonKey(fields, parser.currentName())) {
                    return true;
                }
            }
            return false;
        } catch (JacksonException e) {
            // Not JSON after all; a reader that repairs it could still find a key, so look for any quoted key.
            return quotedKeys(new String(body, StandardCharsets.UTF_8)).stream()
                    .anyMatch(key -> matchesAnyJsonKey(fields, key));
        }
    }

    private static boolean matchesAnyJsonKey(List<FieldName> fields, String key) {
        for (FieldName name : fields) {
            List<String> path = name.jsonPath();
            if (name.classifyDecoded(key) != FieldName.Match.NONE
                    || FieldName.sameKey(key, path.get(path.size() - 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAny(List<FieldName> fields, String name) {
        return fields.stream().anyMatch(field -> field.classifyDecoded(name) != FieldName.Match.NONE);
    }

    private static List<String> quotedKeys(String text) {
        List<String> keys = new ArrayList<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("[\"']((?:[^\"'\\\\]|\\\\.)*)[\"']\\s*:")
                .matcher(text);
        while (matcher.find()) {
            keys.add(matcher.group(1).replace("\\", ""));
        }
        return keys;
    }

    private static Optional<MediaType> parse(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException e) {
            return Optional.empty();
        }
    }

    private static boolean isJson(MediaType type) {
        return type.isCompatibleWith(MediaType.APPLICATION_JSON)
                || "application".equalsIgnoreCase(type.getType())
                        && type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json");
    }

    private static boolean isUtf8(String charset) {
        String name = charset.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        return name.equals("utf-8") || name.equals("utf8") || name.equals("us-ascii");
    }

    private static boolean encoded(HttpHeaders headers) {
        for (String encoding : headers.getOrEmpty(HttpHeaders.CONTENT_ENCODING)) {
            if (!encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.strip())) {
                return true;
            }
        }
        return false;
    }

    /** First significant character {@code {} or {@code [}: what a reader that sniffs the body takes as JSON. */
    private static boolean looksLikeJson(byte[] body) {
        int i = 0;
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        return i < body.length && (body[i] == '{' || body[i] == '[');
    }

    private static boolean blank(byte[] body) {
        if (body == null) {
            return true;
        }
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** What was found so far: the values of the field, where each came from, and the first ambiguity. */
    private static final class Occurrences {

        private final List<String> values = new ArrayList<>();
        private final List<String> places = new ArrayList<>();
        private String ambiguity;

        void add(String value, String place) {
            values.add(value);
            places.add(place);
        }

        void ambiguous(String reason) {
            if (ambiguity == null) {
                ambiguity = reason;
            }
        }

        FieldReading reading(LoginFieldReader reader) {
            if (ambiguity != null) {
                return new FieldReading.Ambiguous(ambiguity);
            }
            if (values.isEmpty()) {
                return FieldReading.ABSENT;
            }
            if (values.size() > 1) {
                return new FieldReading.Ambiguous(
                        places.contains("query") && places.contains("body")
                                ? "the field in both the query and the body"
                                : "the field more than once");
            }
            String value = values.get(0);
            if (reader.refuseLookAlikes) {
                Optional<String> lookAlike = UsernameRules.ambiguity(value);
                if (lookAlike.isPresent()) {
                    return new FieldReading.Ambiguous("a username with " + lookAlike.get());
                }
            }
            if (value.isBlank()) {
                return FieldReading.ABSENT;
            }
            return reader.rules
                    .canonical(value)
                    .<FieldReading>map(FieldReading.Found::new)
                    .orElseGet(() -> new FieldReading.Ambiguous("a username the username rules refuse"));
        }
    }
}
