package io.gatehouse.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the username from the body of the upstream's login request: a form field, or a JSON property
 * (dotted for nested objects, e.g. {@code user.email}).
 */
final class UsernameExtractor {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String field;
    private final boolean lowerCase;

    UsernameExtractor(String field, boolean lowerCase) {
        this.field = field;
        this.lowerCase = lowerCase;
    }

    Optional<String> extract(MediaType contentType, byte[] body) {
        Optional<String> raw;
        if (contentType != null && contentType.isCompatibleWith(MediaType.APPLICATION_JSON)) {
            raw = fromJson(body);
        } else {
            raw = fromForm(new String(body, StandardCharsets.US_ASCII));
        }
        return raw.map(this::normalise).filter(name -> !name.isEmpty());
    }

    /** One identity for {@code ALICE@example.org}, {@code  alice@example.org} and so on. */
    String normalise(String username) {
        String trimmed = username.strip();
        return lowerCase ? trimmed.toLowerCase(Locale.ROOT) : trimmed;
    }

    private Optional<String> fromForm(String body) {
        var params = UriComponentsBuilder.newInstance().query(body).build().getQueryParams();
        String value = params.getFirst(field);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
    }

    private Optional<String> fromJson(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            for (String part : field.split("\\.")) {
                node = node == null ? null : node.get(part);
            }
            return node != null && node.isString() ? Optional.of(node.asString()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
