package io.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.unit.DataSize;

/** {@code gatehouse.upstream.identity.*} and {@code gatehouse.upstream.username.*}: defaults, and every mistake named. */
class IdentitySettingsValidationTests {

    private static final Map<String, Object> BASE =
            Map.of("gatehouse.upstream.url", "http://127.0.0.1:8081", "gatehouse.redis.embedded", "true");

    @Test
    void loadWhenNothingSetThenNoProbeAndLowerCaseNfkcUsernames() {
        UpstreamProperties upstream = load(Map.of()).upstream();

        assertThat(upstream.identity()).isNull();
        assertThat(upstream.usernameCase()).isEqualTo("lower");
        assertThat(upstream.username().nfkc()).isTrue();
        assertThat(upstream.username().stripPrefixes()).isEmpty();
        assertThat(upstream.username().stripSuffixes()).isEmpty();
        assertThat(upstream.username().defaultDomain()).isNull();
    }

    @Test
    void loadWhenOnlyPathAndPointerSetThenDefaults() {
        IdentityProperties identity = load(Map.of(
                        "gatehouse.upstream.identity.path",
                        "/api/me?fields=email",
                        "gatehouse.upstream.identity.json-pointer",
                        "/user/email"))
                .upstream()
                .identity();

        assertThat(identity.method()).isEqualTo("GET");
        assertThat(identity.path()).isEqualTo("/api/me?fields=email");
        assertThat(identity.status()).containsExactly(200);
        assertThat(identity.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(identity.maxBody()).isEqualTo(DataSize.ofKilobytes(64));
        assertThat(identity.compiledPattern()).isNull();
    }

    @Test
    void loadWhenPatternWithNamedGroupThenAccepted() {
        IdentityProperties identity = load(Map.of(
                        "gatehouse.upstream.identity.path",
                        "/profile",
                        "gatehouse.upstream.identity.method",
                        "post",
                        "gatehouse.upstream.identity.pattern",
                        "(<b>)?Signed in as (?<user>[^<]+)",
                        "gatehouse.upstream.identity.status",
                        "200,203",
                        "gatehouse.upstream.identity.timeout",
                        "500ms",
                        "gatehouse.upstream.identity.max-body",
                        "1MB"))
                .upstream()
                .identity();

        assertThat(identity.namedUserGroup()).isTrue();
        assertThat(identity.method()).isEqualTo("POST");
        assertThat(identity.status()).containsExactly(200, 203);
        assertThat(identity.maxBody()).isEqualTo(DataSize.ofMegabytes(1));
    }

    @Test
    void loadWhenIdentitySetWithoutPathOrExtractorThenBothNamed() {
        List<String> problems = problems(Map.of("gatehouse.upstream.identity.method", "GET"));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("gatehouse.upstream.identity.path is required");
        assertThat(problems.get(1))
                .startsWith("gatehouse.upstream.identity.json-pointer is required")
                .contains("pattern");
    }

    @Test
    void loadWhenEveryIdentityValueWrongThenEachNamedWithItsValueAtOnce() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("gatehouse.upstream.identity.method", "PUT");
        settings.put("gatehouse.upstream.identity.path", "api/me");
        settings.put("gatehouse.upstream.identity.pattern", "user=(\\w+)&name=(\\w+)");
        settings.put("gatehouse.upstream.identity.status[0]", "200");
        settings.put("gatehouse.upstream.identity.status[1]", "302");
        settings.put("gatehouse.upstream.identity.timeout", "20s");
        settings.put("gatehouse.upstream.identity.max-body", "8MB");

        List<String> problems = problems(settings);

        assertThat(problems).hasSize(6);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("identity.method").contains("'PUT'"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("identity.path").contains("'api/me'"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .contains("identity.pattern")
                        .contains("exactly one capturing group")
                        .contains("has 2"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("identity.status[1]").contains("'302'"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("identity.timeout").contains("'PT20S'"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("identity.max-body").contains("'8388608B'"));
    }

    @Test
    void loadWhenBothPointerAndPatternThenConflictNamingBoth() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.identity.path",
                        "/me",
                        "gatehouse.upstream.identity.json-pointer",
                        "/email",
                        "gatehouse.upstream.identity.pattern",
                        "(.+)")))
                .singleElement()
                .asString()
                .contains("identity.json-pointer ('/email')")
                .contains("identity.pattern ('(.+)')")
                .contains("exactly one");
    }

    @Test
    void loadWhenPointerOrPatternMalformedThenNamed() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.identity.path",
                        "/me",
                        "gatehouse.upstream.identity.json-pointer",
                        "user/email")))
                .singleElement()
                .asString()
                .contains("identity.json-pointer")
                .contains("'user/email'")
                .contains("RFC 6901");
        assertThat(problems(Map.of(
                        "gatehouse.upstream.identity.path",
                        "/me",
                        "gatehouse.upstream.identity.pattern",
                        "Signed in as ([a-z")))
                .singleElement()
                .asString()
                .contains("identity.pattern")
                .contains("'Signed in as ([a-z'")
                .contains("valid regular expression");
    }

    @Test
    void loadWhenPathHasFragmentOrIsProtocolRelativeThenRefused() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.identity.path",
                        "/me#top",
                        "gatehouse.upstream.identity.json-pointer",
                        "/email")))
                .singleElement()
                .asString()
                .contains("identity.path")
                .contains("'/me#top'");
        assertThat(problems(Map.of(
                        "gatehouse.upstream.identity.path",
                        "//evil.example/me",
                        "gatehouse.upstream.identity.json-pointer",
                        "/email")))
                .singleElement()
                .asString()
                .contains("identity.path")
                .contains("'//evil.example/me'");
    }

    @Test
    void loadWhenTimeoutTooShortThenNamed() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.identity.path",
                        "/me",
                        "gatehouse.upstream.identity.json-pointer",
                        "/email",
                        "gatehouse.upstream.identity.timeout",
                        "50ms")))
                .singleElement()
                .asString()
                .contains("identity.timeout")
                .contains("between 100ms and 10s");
    }

    @Test
    void loadWhenUsernameRulesSetThenBound() {
        UsernameProperties username = load(Map.of(
                        "gatehouse.upstream.username.case",
                        "preserve",
                        "gatehouse.upstream.username.unicode",
                        "none",
                        "gatehouse.upstream.username.strip-prefixes[0]",
                        "CORP\\",
                        "gatehouse.upstream.username.strip-suffixes[0]",
                        "@corp.example",
                        "gatehouse.upstream.username.default-domain",
                        "example.org"))
                .upstream()
                .username();

        assertThat(username.letterCase()).isEqualTo("preserve");
        assertThat(username.nfkc()).isFalse();
        assertThat(username.stripPrefixes()).containsExactly("CORP\\");
        assertThat(username.stripSuffixes()).containsExactly("@corp.example");
        assertThat(username.defaultDomain()).isEqualTo("example.org");
    }

    @Test
    void loadWhenOnlyLegacyUsernameCaseSetThenItStillApplies() {
        assertThat(load(Map.of("gatehouse.upstream.username-case", "preserve"))
                        .upstream()
                        .usernameCase())
                .isEqualTo("preserve");
    }

    @Test
    void loadWhenNewCaseSetThenItApplies() {
        assertThat(load(Map.of("gatehouse.upstream.username.case", "preserve"))
                        .upstream()
                        .usernameCase())
                .isEqualTo("preserve");
    }

    @Test
    void loadWhenBothCaseKeysAgreeThenAccepted() {
        assertThat(load(Map.of(
                                "gatehouse.upstream.username-case",
                                "preserve",
                                "gatehouse.upstream.username.case",
                                "preserve"))
                        .upstream()
                        .usernameCase())
                .isEqualTo("preserve");
    }

    @Test
    void loadWhenBothCaseKeysDisagreeThenConflictNamingBoth() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.username-case", "lower", "gatehouse.upstream.username.case", "preserve")))
                .singleElement()
                .asString()
                .contains("gatehouse.upstream.username.case is 'preserve'")
                .contains("gatehouse.upstream.username-case is 'lower'");
    }

    @Test
    void loadWhenEveryUsernameValueWrongThenEachNamedAtOnce() {
        List<String> problems = problems(Map.of(
                "gatehouse.upstream.username.case",
                "upper",
                "gatehouse.upstream.username.unicode",
                "nfc",
                "gatehouse.upstream.username.strip-prefixes[0]",
                " CORP\\",
                "gatehouse.upstream.username.strip-suffixes[0]",
                "",
                "gatehouse.upstream.username.default-domain",
                "@example.org",
                "gatehouse.upstream.username-case",
                "Lower"));

        assertThat(problems).hasSize(6);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("username.case").contains("'upper'"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("username.unicode").contains("'nfc'"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("strip-prefixes[0]").contains("' CORP\\'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("strip-suffixes[0]"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("default-domain").contains("'@example.org'"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("username-case").contains("'Lower'"));
    }

    private static GatehouseProperties load(Map<String, Object> settings) {
        return GatehousePropertiesLoader.load(environment(settings));
    }

    private static List<String> problems(Map<String, Object> settings) {
        return catchThrowableOfType(
                        InvalidConfigurationException.class,
                        () -> GatehousePropertiesLoader.load(environment(settings)))
                .problems();
    }

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> all = new HashMap<>(BASE);
        all.putAll(settings);
        environment.getPropertySources().addFirst(new MapPropertySource("test", all));
        return environment;
    }
}
