package io.gatehouse.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Thousands of generated login requests read by simplified models of real sites (PHP, servlets, ASP.NET, a site that
 * reads JSON whatever the type): whenever the reader answers {@link FieldReading.Found}, no model signs in a
 * different user.
 */
class LoginFieldReaderAgreementTests {

    private static final UsernameRules RULES = new UsernameRules(true, true, List.of(), List.of(), null);
    private static final LoginFieldReader READER = new LoginFieldReader("email", RULES, true);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final List<String> NAMES = List.of(
            "email",
            "email",
            "email",
            "Email",
            "%65mail",
            "email[]",
            "e.mail",
            "password",
            "x",
            "EMAIL",
            "email%00",
            "+email");
    private static final List<String> VALUES = List.of(
            "alice%40x.org",
            "mallory%40x.org",
            "alice@x.org",
            "%EF%BD%81lice@x.org",
            "alice@x.org%20",
            "ALICE@x.org",
            "alice@x.org%00",
            "");
    private static final List<String> TYPES = List.of(
            "application/x-www-form-urlencoded", "text/plain", "application/json", "multipart/form-data; boundary=b");

    /** A site's way of reading the username: (query, body with its type) to the raw value it would use. */
    private static final Map<String, BiFunction<String, Body, Optional<String>>> SITES = Map.of(
            "php $_POST last wins",
                    (query, body) -> body.isForm()
                            ? last(pairs(body.text), LoginFieldReaderAgreementTests::phpName)
                            : Optional.empty(),
            "php $_REQUEST (body over query)",
                    (query, body) -> last(
                            concat(pairs(query), body.isForm() ? pairs(body.text) : List.of()),
                            LoginFieldReaderAgreementTests::phpName),
            "servlet getParameter (query first)",
                    (query, body) ->
                            first(concat(pairs(query), body.isForm() ? pairs(body.text) : List.of()), name -> name),
            "asp.net Request[] (case-insensitive, query first)",
                    (query, body) -> first(
                            concat(pairs(query), body.isForm() ? pairs(body.text) : List.of()),
                            name -> name.toLowerCase(Locale.ROOT)),
            "json whatever the type", (query, body) -> json(body.text),
            "multipart reader", (query, body) -> multipart(body));

    record Body(String type, String text) {
        boolean isForm() {
            return type.startsWith("application/x-www-form-urlencoded");
        }
    }

    @Test
    void readWhenFoundThenNoModelledSiteSignsInAnotherUser() {
        Random random = new Random(15);
        int found = 0;
        for (int i = 0; i < 20_000; i++) {
            String query = form(random, random.nextInt(3));
            String type = TYPES.get(random.nextInt(TYPES.size()));
            String body = type.startsWith("application/json") || random.nextInt(8) == 0
                    ? jsonBody(random)
                    : type.startsWith("multipart") ? multipartBody(random) : form(random, random.nextInt(4));
            FieldReading reading = READER.read(query, type, body.getBytes(StandardCharsets.UTF_8));
            if (!(reading instanceof FieldReading.Found foundUser)) {
                continue;
            }
            String user = foundUser.canonicalUser();
            found++;
            for (var site : SITES.entrySet()) {
                Optional<String> raw = site.getValue().apply(query, new Body(type, body));
                Optional<String> theirs = raw.flatMap(RULES::canonical);
                if (theirs.isPresent()) {
                    assertThat(theirs.get())
                            .as("%s reading query '%s', %s body '%s'", site.getKey(), query, type, body)
                            .isEqualTo(user);
                }
            }
        }
        assertThat(found).as("generated requests read as Found").isGreaterThan(500);
    }

    private static String form(Random random, int pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            parts.add(NAMES.get(random.nextInt(NAMES.size())) + "=" + VALUES.get(random.nextInt(VALUES.size())));
        }
        return String.join("&", parts);
    }

    private static String jsonBody(Random random) {
        String value =
                URLDecoder.decode(VALUES.get(random.nextInt(VALUES.size())).replace("%00", ""), StandardCharsets.UTF_8);
        String key = List.of("email", "email", "Email", "password").get(random.nextInt(4));
        return random.nextBoolean()
                ? "{\"" + key + "\":\"" + value + "\"}"
                : "{\"email\":\"" + value + "\",\"" + key + "\":\"mallory@x.org\"}";
    }

    private static String multipartBody(Random random) {
        String name = NAMES.get(random.nextInt(NAMES.size()));
        return "--b\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\nmallory@x.org\r\n--b--\r\n";
    }

    private static List<String[]> pairs(String text) {
        List<String[]> pairs = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return pairs;
        }
        for (String pair : text.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                pairs.add(new String[] {
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8)
                });
            } catch (IllegalArgumentException e) {
                // skipped, as lenient readers do
            }
        }
        return pairs;
    }

    private static List<String[]> concat(List<String[]> a, List<String[]> b) {
        List<String[]> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** PHP: leading spaces dropped, '.' and ' ' become '_', {@code name[...]} is an array (not a string). */
    private static String phpName(String name) {
        String stripped = name.stripLeading().replace('.', '_').replace(' ', '_');
        int nul = stripped.indexOf('\0');
        return nul >= 0 ? stripped.substring(0, nul) : stripped;
    }

    private static Optional<String> last(List<String[]> pairs, java.util.function.UnaryOperator<String> name) {
        Optional<String> value = Optional.empty();
        for (String[] pair : pairs) {
            String key = name.apply(pair[0]);
            if (key.equals("email")) {
                value = Optional.of(pair[1]);
            } else if (key.startsWith("email[")) {
                value = Optional.empty();
            }
        }
        return value;
    }

    private static Optional<String> first(List<String[]> pairs, java.util.function.UnaryOperator<String> name) {
        return pairs.stream()
                .filter(pair -> name.apply(pair[0]).equals("email"))
                .map(pair -> pair[1])
                .findFirst();
    }

    private static Optional<String> json(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode email = node == null ? null : node.get("email");
            return email != null && email.isString() ? Optional.of(email.stringValue()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> multipart(Body body) {
        if (!body.type().startsWith("multipart") || !body.text().contains("name=\"email\"")) {
            return Optional.empty();
        }
        return Optional.of("mallory@x.org");
    }
}
