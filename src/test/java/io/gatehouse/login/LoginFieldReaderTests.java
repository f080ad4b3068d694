package io.gatehouse.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/**
 * The login field as every common reader could take it, as tables: a login is read only when PHP (last duplicate),
 * servlets (query first), JSON-sniffing sites and name-normalising sites would all name the same user.
 */
class LoginFieldReaderTests {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";
    private static final String MULTIPART = "multipart/form-data; boundary=XyZ";

    private static final UsernameRules DEFAULT_RULES = new UsernameRules(true, true, List.of(), List.of(), null);
    private static final LoginFieldReader EMAIL = new LoginFieldReader("email", DEFAULT_RULES, true);

    private static FieldReading found(String user) {
        return new FieldReading.Found(user);
    }

    private static final FieldReading ABSENT = FieldReading.ABSENT;
    private static final Object AMBIGUOUS = "ambiguous";

    static List<Arguments> emailField() {
        return List.of(
                // Found: one plain occurrence
                Arguments.of(
                        "form", null, FORM, "email=alice%40example.org&password=secret", found("alice@example.org")),
                Arguments.of(
                        "form, upper case value",
                        null,
                        FORM,
                        "email=ALICE@Example.org&password=x",
                        found("alice@example.org")),
                Arguments.of(
                        "form, utf-8 charset",
                        null,
                        FORM + "; charset=UTF-8",
                        "email=alice@example.org",
                        found("alice@example.org")),
                Arguments.of(
                        "form, ';' inside an encoded value",
                        null,
                        FORM,
                        "note=a%3Bb&email=alice@example.org",
                        found("alice@example.org")),
                Arguments.of(
                        "json",
                        null,
                        JSON,
                        "{\"email\":\"alice@example.org\",\"password\":\"x\"}",
                        found("alice@example.org")),
                Arguments.of(
                        "json with charset",
                        null,
                        JSON + ";charset=utf-8",
                        "{\"email\":\"alice@example.org\"}",
                        found("alice@example.org")),
                Arguments.of(
                        "+json type",
                        null,
                        "application/vnd.api+json",
                        "{\"email\":\"alice@example.org\"}",
                        found("alice@example.org")),
                Arguments.of(
                        "json escaped key",
                        null,
                        JSON,
                        "{\"\\u0065mail\":\"alice@example.org\"}",
                        found("alice@example.org")),
                Arguments.of(
                        "query only (GET login)",
                        "email=alice%40example.org&password=x",
                        null,
                        "",
                        found("alice@example.org")),
                Arguments.of(
                        "query elsewhere, field in body",
                        "next=%2Fhome",
                        FORM,
                        "email=alice@example.org",
                        found("alice@example.org")),
                Arguments.of(
                        "emailed is another field",
                        null,
                        FORM,
                        "emailed=1&email=alice@example.org",
                        found("alice@example.org")),
                // Absent
                Arguments.of("nothing", null, null, "", ABSENT),
                Arguments.of("form without the field", null, FORM, "password=x", ABSENT),
                Arguments.of("json without the field", null, JSON, "{\"password\":\"x\"}", ABSENT),
                Arguments.of("json null", null, JSON, "{\"email\":null}", ABSENT),
                Arguments.of("json array root", null, JSON, "[1,2]", ABSENT),
                Arguments.of("empty value", null, FORM, "email=&password=x", ABSENT),
                Arguments.of("multipart without the field", null, MULTIPART, multipart("password", "x"), ABSENT),
                Arguments.of("text without the field", null, "text/plain", "hello", ABSENT),
                // Ambiguous: duplicates and query + body
                Arguments.of(
                        "last-wins duplicates",
                        null,
                        FORM,
                        "email=mallory@x.org&email=alice@example.org&password=x",
                        AMBIGUOUS),
                Arguments.of("duplicates in the query", "email=a@x.org&email=b@x.org", null, "", AMBIGUOUS),
                Arguments.of(
                        "query and body", "email=alice@example.org", FORM, "email=mallory@x.org&password=x", AMBIGUOUS),
                Arguments.of(
                        "query and body agree", "email=alice@example.org", FORM, "email=alice@example.org", AMBIGUOUS),
                Arguments.of(
                        "query and json body",
                        "email=alice@example.org",
                        JSON,
                        "{\"email\":\"mallory@x.org\"}",
                        AMBIGUOUS),
                Arguments.of(
                        "field after ';'", null, FORM, "x=1;email=mallory@x.org&email=alice@example.org", AMBIGUOUS),
                // Ambiguous: other spellings of the name
                Arguments.of("%65mail", null, FORM, "%65mail=alice@example.org", AMBIGUOUS),
                Arguments.of(
                        "%65mail beside email", null, FORM, "email=mallory@x.org&%65mail=alice@example.org", AMBIGUOUS),
                Arguments.of("double-encoded name", null, FORM, "%2565mail=alice@example.org", AMBIGUOUS),
                Arguments.of("Email", null, FORM, "Email=alice@example.org", AMBIGUOUS),
                Arguments.of("EMAIL in the query", "EMAIL=alice@example.org", FORM, "email=mallory@x.org", AMBIGUOUS),
                Arguments.of("full-width name", null, FORM, "%EF%BD%85mail=alice@example.org", AMBIGUOUS),
                Arguments.of("PHP array email[]", null, FORM, "email[]=alice@example.org", AMBIGUOUS),
                Arguments.of("PHP array email[0] encoded", null, FORM, "email%5B0%5D=alice@example.org", AMBIGUOUS),
                Arguments.of("leading space in name", null, FORM, "+email=alice@example.org", AMBIGUOUS),
                Arguments.of(
                        "json case variant key",
                        null,
                        JSON,
                        "{\"email\":\"m@x.org\",\"Email\":\"alice@example.org\"}",
                        AMBIGUOUS),
                // Ambiguous: body does not match its type
                Arguments.of("json as text/plain", null, "text/plain", "{\"email\":\"alice@example.org\"}", AMBIGUOUS),
                Arguments.of("json without a type", null, null, "{\"email\":\"alice@example.org\"}", AMBIGUOUS),
                Arguments.of("json as form", null, FORM, " {\"email\":\"alice@example.org\"}", AMBIGUOUS),
                Arguments.of("json array as form", null, FORM, "[{\"email\":\"alice@example.org\"}]", AMBIGUOUS),
                Arguments.of("form as json", null, JSON, "email=alice@example.org", AMBIGUOUS),
                Arguments.of(
                        "form as text/plain",
                        null,
                        "text/plain",
                        "email=alice@example.org\r\npassword=x\r\n",
                        AMBIGUOUS),
                Arguments.of(
                        "form as octet-stream", null, "application/octet-stream", "email=alice@example.org", AMBIGUOUS),
                Arguments.of("form without a type", null, null, "email=alice@example.org", AMBIGUOUS),
                Arguments.of("form as multipart without parts", null, MULTIPART, "email=alice@example.org", AMBIGUOUS),
                Arguments.of(
                        "multipart with the field",
                        null,
                        MULTIPART,
                        multipart("email", "alice@example.org"),
                        AMBIGUOUS),
                Arguments.of(
                        "multipart name*",
                        null,
                        MULTIPART,
                        "--XyZ\r\nContent-Disposition: form-data; name*=UTF-8''%65mail\r\n\r\nalice@example.org\r\n--XyZ--\r\n",
                        AMBIGUOUS),
                Arguments.of(
                        "multipart LF only, upper-case name",
                        null,
                        MULTIPART,
                        "--XyZ\ncontent-disposition: form-data; name=\"EMAIL\"\n\nalice@example.org\n--XyZ--\n",
                        AMBIGUOUS),
                // Ambiguous: JSON structure
                Arguments.of(
                        "json duplicate keys",
                        null,
                        JSON,
                        "{\"email\":\"mallory@x.org\",\"email\":\"alice@example.org\"}",
                        AMBIGUOUS),
                Arguments.of(
                        "json array value",
                        null,
                        JSON,
                        "{\"email\":[\"mallory@x.org\",\"alice@example.org\"]}",
                        AMBIGUOUS),
                Arguments.of("json number value", null, JSON, "{\"email\":42}", AMBIGUOUS),
                Arguments.of(
                        "json trailing document",
                        null,
                        JSON,
                        "{\"email\":\"alice@example.org\"}{\"email\":\"m@x.org\"}",
                        AMBIGUOUS),
                Arguments.of("json syntax error", null, JSON, "{\"email\":\"alice@example.org\",}", AMBIGUOUS),
                // Ambiguous: the value
                Arguments.of("full-width value", null, FORM, "email=%EF%BD%81lice@example.org", AMBIGUOUS),
                Arguments.of(
                        "full-width value in json", null, JSON, "{\"email\":\"\uff41lice@example.org\"}", AMBIGUOUS),
                Arguments.of("trailing NUL", null, FORM, "email=alice@example.org%00", AMBIGUOUS),
                Arguments.of("trailing space", null, FORM, "email=alice@example.org+", found("alice@example.org")),
                Arguments.of("zero-width space", null, FORM, "email=ali%E2%80%8Bce@example.org", AMBIGUOUS),
                Arguments.of("accented letter", null, FORM, "email=%C3%A1lice@example.org", AMBIGUOUS),
                Arguments.of("line break inside", null, JSON, "{\"email\":\"alice\\n@example.org\"}", AMBIGUOUS),
                Arguments.of("too long", null, FORM, "email=" + "a".repeat(300), AMBIGUOUS),
                // Ambiguous: decoding
                Arguments.of("bad escape in value", null, FORM, "email=alice%zz", AMBIGUOUS),
                Arguments.of("bad utf-8 in value", null, FORM, "email=alice%FF", AMBIGUOUS),
                Arguments.of("bad escape in a name", null, FORM, "%zzmail=alice@example.org", AMBIGUOUS),
                Arguments.of(
                        "latin-1 charset", null, FORM + "; charset=ISO-8859-1", "email=alice@example.org", AMBIGUOUS),
                Arguments.of("unparseable content type", null, "form/", "email=alice@example.org", AMBIGUOUS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emailField")
    void readWhenEmailFieldThenTable(String name, String query, String contentType, String body, Object expected) {
        FieldReading reading = EMAIL.read(query, contentType, body.getBytes(StandardCharsets.UTF_8));

        if (expected == AMBIGUOUS) {
            assertThat(reading).isInstanceOf(FieldReading.Ambiguous.class);
            assertThat(((FieldReading.Ambiguous) reading).reason()).isNotBlank().doesNotContain("alice", "mallory");
        } else {
            assertThat(reading).isEqualTo(expected);
        }
    }

    static List<Arguments> otherFields() {
        UsernameRules corporate =
                new UsernameRules(true, true, List.of("CORP\\"), List.of("@corp.example"), "example.org");
        LoginFieldReader corporateUser = new LoginFieldReader("username", corporate, true);
        LoginFieldReader nested = new LoginFieldReader("user.email", DEFAULT_RULES, true);
        LoginFieldReader rails = new LoginFieldReader("user[email]", DEFAULT_RULES, true);
        LoginFieldReader probed = new LoginFieldReader("email", DEFAULT_RULES, false);
        return List.of(
                Arguments.of(
                        "CORP\\alice",
                        corporateUser,
                        FORM,
                        "username=CORP%5Calice&password=x",
                        found("alice@example.org")),
                Arguments.of(
                        "bare alice + default domain",
                        corporateUser,
                        FORM,
                        "username=alice",
                        found("alice@example.org")),
                Arguments.of(
                        "corporate suffix",
                        corporateUser,
                        FORM,
                        "username=Alice%40corp.example",
                        found("alice@example.org")),
                Arguments.of(
                        "nested json",
                        nested,
                        JSON,
                        "{\"user\":{\"email\":\"alice@example.org\"},\"password\":\"x\"}",
                        found("alice@example.org")),
                Arguments.of(
                        "nested json, case variant",
                        nested,
                        JSON,
                        "{\"user\":{\"email\":\"m@x.org\",\"Email\":\"alice@example.org\"}}",
                        AMBIGUOUS),
                Arguments.of(
                        "nested json, dotted key beside",
                        nested,
                        JSON,
                        "{\"user.email\":\"m@x.org\",\"user\":{\"email\":\"alice@example.org\"}}",
                        AMBIGUOUS),
                Arguments.of("nested json, not an object", nested, JSON, "{\"user\":\"alice@example.org\"}", ABSENT),
                Arguments.of(
                        "dotted form name", nested, FORM, "user.email=alice@example.org", found("alice@example.org")),
                Arguments.of("dotted field sent bracketed", nested, FORM, "user[email]=alice@example.org", AMBIGUOUS),
                Arguments.of("dotted field PHP-mangled", nested, FORM, "user_email=alice@example.org", AMBIGUOUS),
                Arguments.of(
                        "rails form, encoded brackets",
                        rails,
                        FORM,
                        "user%5Bemail%5D=alice%40example.org&user%5Bpassword%5D=x",
                        found("alice@example.org")),
                Arguments.of(
                        "rails form, lower-case hex",
                        rails,
                        FORM,
                        "user%5bemail%5d=alice@example.org",
                        found("alice@example.org")),
                Arguments.of(
                        "rails form, plain brackets",
                        rails,
                        FORM,
                        "user[email]=alice@example.org&user[password]=x",
                        found("alice@example.org")),
                Arguments.of("rails form, case variant", rails, FORM, "user[Email]=alice@example.org", AMBIGUOUS),
                Arguments.of("rails form, array", rails, FORM, "user[email][]=alice@example.org", AMBIGUOUS),
                Arguments.of(
                        "probe configured: full-width value",
                        probed,
                        FORM,
                        "email=%EF%BD%81lice@example.org",
                        found("alice@example.org")),
                Arguments.of(
                        "probe configured: trailing space",
                        probed,
                        FORM,
                        "email=alice@example.org%20",
                        found("alice@example.org")),
                Arguments.of(
                        "probe configured: trailing NUL still refused",
                        probed,
                        FORM,
                        "email=alice@example.org%00",
                        AMBIGUOUS),
                Arguments.of(
                        "probe configured: duplicates still ambiguous",
                        probed,
                        FORM,
                        "email=a@x.org&email=b@x.org",
                        AMBIGUOUS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherFields")
    void readWhenOtherFieldsAndRulesThenTable(
            String name, LoginFieldReader reader, String contentType, String body, Object expected) {
        FieldReading reading = reader.read(null, contentType, body.getBytes(StandardCharsets.UTF_8));

        if (expected == AMBIGUOUS) {
            assertThat(reading).isInstanceOf(FieldReading.Ambiguous.class);
        } else {
            assertThat(reading).isEqualTo(expected);
        }
    }

    @Test
    void readWhenRequestHasQueryAndFormBodyThenBothRead() {
        MockServerHttpRequest request = MockServerHttpRequest.method(
                        org.springframework.http.HttpMethod.POST,
                        java.net.URI.create("/login?email=alice%40example.org"))
                .header(HttpHeaders.CONTENT_TYPE, FORM)
                .build();

        assertThat(EMAIL.read(request, "password=x".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(found("alice@example.org"));
        assertThat(EMAIL.read(request, "email=mallory@x.org".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FieldReading.Ambiguous.class);
    }

    @Test
    void readWhenTwoContentTypeHeadersThenAmbiguous() {
        MockServerHttpRequest request = MockServerHttpRequest.post("/login")
                .header(HttpHeaders.CONTENT_TYPE, FORM, JSON)
                .build();

        assertThat(EMAIL.read(request, "email=alice@example.org".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new FieldReading.Ambiguous("more than one Content-Type header"));
    }

    @Test
    void readWhenBodyContentEncodedThenAmbiguous() {
        MockServerHttpRequest request = MockServerHttpRequest.post("/login")
                .header(HttpHeaders.CONTENT_TYPE, FORM)
                .header(HttpHeaders.CONTENT_ENCODING, "gzip")
                .build();

        assertThat(EMAIL.read(request, new byte[] {31, -117, 8, 0})).isInstanceOf(FieldReading.Ambiguous.class);
    }

    @Test
    void ofWhenProbeNotConfiguredThenLookAlikesRefused() {
        var properties = io.gatehouse.config.GatehousePropertiesLoader.load(environment(java.util.Map.of()));
        LoginFieldReader reader = LoginFieldReader.of(properties.upstream());

        assertThat(reader.read(null, FORM, "email=%EF%BD%81lice@example.org".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FieldReading.Ambiguous.class);
        assertThat(reader.read(null, FORM, "email=Alice@example.org".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(found("alice@example.org"));
    }

    @Test
    void ofWhenProbeConfiguredThenLookAlikesCanonicalised() {
        var properties = io.gatehouse.config.GatehousePropertiesLoader.load(environment(java.util.Map.of(
                "gatehouse.upstream.identity.path",
                "/api/me",
                "gatehouse.upstream.identity.json-pointer",
                "/email",
                "gatehouse.upstream.username.default-domain",
                "example.org")));
        LoginFieldReader reader = LoginFieldReader.of(properties.upstream());

        assertThat(reader.read(null, FORM, "email=%EF%BD%81lice".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(found("alice@example.org"));
    }

    static List<Arguments> credentials() {
        return List.of(
                Arguments.of("form", null, FORM, "password=x", true),
                Arguments.of("query", "password=x", null, "", true),
                Arguments.of("encoded name", null, FORM, "%70assword=x", true),
                Arguments.of("case variant", "PassWord=x", null, "", true),
                Arguments.of("PHP array", null, FORM, "pass[]=x", true),
                Arguments.of("PHP keyed array", null, FORM, "pass%5Bx%5D=x", true),
                Arguments.of("after ';'", "a=1;password=x", null, "", true),
                Arguments.of("bad escape elsewhere", "a=%zz&password=x", null, "", true),
                Arguments.of("text/plain form", null, "text/plain", "user=a\r\npassword=x\r\n", true),
                Arguments.of("untyped form", null, null, "password=x", true),
                Arguments.of("json deep", null, JSON, "{\"a\":{\"b\":[{\"Password\":\"x\"}]}}", true),
                Arguments.of("json as text/plain", null, "text/plain", "{\"password\":\"x\"}", true),
                Arguments.of("json as octet-stream", null, "application/octet-stream", "{\"pass\":\"x\"}", true),
                Arguments.of("json duplicate keys", null, JSON, "{\"password\":1,\"password\":2}", true),
                Arguments.of("broken json", null, JSON, "{\"a\":1, \"password\": x", true),
                Arguments.of("multipart", null, MULTIPART, multipart("password", "x"), true),
                Arguments.of(
                        "multipart name*",
                        null,
                        MULTIPART,
                        "--XyZ\r\nContent-Disposition: form-data; name*=utf-8''pass%5B%5D\r\n\r\nx\r\n--XyZ--",
                        true),
                Arguments.of(
                        "multipart name without type",
                        null,
                        MULTIPART,
                        "--XyZ\r\nContent-Disposition: name=\"password\"\r\n\r\nx\r\n--XyZ--",
                        true),
                Arguments.of("another field", null, FORM, "passwordHint=x&user=a", false),
                Arguments.of("value mentions it", null, FORM, "note=password%3Dx", false),
                Arguments.of("json other keys", null, JSON, "{\"passwords\":\"x\",\"note\":\"password\"}", false),
                Arguments.of("multipart other part", null, MULTIPART, multipart("file", "password=x"), false),
                Arguments.of("image body", null, "image/png", "password=x", false),
                Arguments.of("nothing", null, null, "", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("credentials")
    void carriesFieldWhenPasswordInAnySpellingThenTrue(
            String name, String query, String contentType, String body, boolean expected) {
        assertThat(LoginFieldReader.carriesField(
                        query, contentType, body.getBytes(StandardCharsets.UTF_8), Set.of("password", "pass")))
                .isEqualTo(expected);
    }

    @Test
    void carriesFieldWhenRequestWithoutContentTypeThenBodyReadEveryWay() {
        MockServerHttpRequest request = MockServerHttpRequest.post("/x").build();

        assertThat(LoginFieldReader.carriesField(
                        request, multipart("password", "x").getBytes(StandardCharsets.UTF_8), Set.of("password")))
                .isTrue();
        assertThat(LoginFieldReader.carriesField(request, "hello".getBytes(StandardCharsets.UTF_8), Set.of("password")))
                .isFalse();
    }

    private static String multipart(String name, String value) {
        return "--XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n--XyZ--\r\n";
    }

    private static org.springframework.core.env.StandardEnvironment environment(java.util.Map<String, Object> extra) {
        var environment = new org.springframework.core.env.StandardEnvironment();
        java.util.Map<String, Object> all = new java.util.HashMap<>(java.util.Map.of(
                "gatehouse.upstream.url", "http://127.0.0.1:8081", "gatehouse.redis.embedded", "true"));
        all.putAll(extra);
        environment.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("test", all));
        return environment;
    }
}
