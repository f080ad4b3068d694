package io.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class GatehousePropertiesLoaderTests {

    @Test
    void loadWhenMinimalValidSettingsThenDefaultsApply() {
        GatehouseProperties properties = GatehousePropertiesLoader.load(environment(Map.of(
                "gatehouse.upstream.url", "http://127.0.0.1:8081",
                "gatehouse.redis.url", "redis://:s3cret@redis.internal:6380/2")));

        assertThat(properties.upstream().origin()).isEqualTo("http://127.0.0.1:8081");
        assertThat(properties.upstream().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.upstream().preserveHost()).isFalse();
        assertThat(properties.redis().keyPrefix()).isEqualTo("gatehouse:");
        assertThat(properties.redis().embedded()).isFalse();
    }

    @Test
    void loadWhenUiLanguageBundledThenUsedElseNamedWithTheBadValue() {
        assertThat(GatehousePropertiesLoader.load(environment(Map.of(
                                "gatehouse.upstream.url",
                                "http://127.0.0.1:8081",
                                "gatehouse.redis.embedded",
                                "true",
                                "gatehouse.ui.language",
                                "CY")))
                        .ui()
                        .forcedLanguage())
                .isEqualTo("cy");
        assertThat(GatehousePropertiesLoader.load(environment(Map.of(
                                "gatehouse.upstream.url", "http://127.0.0.1:8081", "gatehouse.redis.embedded", "true")))
                        .ui()
                        .forcedLanguage())
                .isNull();
        assertThat(problems(Map.of(
                        "gatehouse.upstream.url",
                        "http://127.0.0.1:8081",
                        "gatehouse.redis.embedded",
                        "true",
                        "gatehouse.ui.language",
                        "klingon")))
                .containsExactly("gatehouse.ui.language must be empty (the browser chooses) or a bundled language"
                        + " such as en or cy but was 'klingon'");
    }

    @Test
    void loadWhenUpstreamUrlHasNoSchemeThenMessageNamesKeyAndValue() {
        assertThat(problems(Map.of("gatehouse.upstream.url", "localhost:8081", "gatehouse.redis.embedded", "true")))
                .containsExactly("gatehouse.upstream.url must be an absolute http(s) URL but was 'localhost:8081'");
    }

    @Test
    void loadWhenUpstreamUrlMissingThenSaysWhatIsRequired() {
        assertThat(problems(Map.of("gatehouse.redis.embedded", "true")))
                .singleElement()
                .asString()
                .startsWith("gatehouse.upstream.url is required");
    }

    @Test
    void loadWhenUpstreamUrlHasPathOrSchemeIsFtpThenRefused() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.url", "http://legacy.internal/app", "gatehouse.redis.embedded", "true")))
                .containsExactly("gatehouse.upstream.url must be an origin only (scheme, host and port, no path,"
                        + " query or credentials) but was 'http://legacy.internal/app'");
        assertThat(problems(
                        Map.of("gatehouse.upstream.url", "ftp://legacy.internal", "gatehouse.redis.embedded", "true")))
                .containsExactly(
                        "gatehouse.upstream.url must be an absolute http(s) URL but was 'ftp://legacy.internal'");
    }

    @Test
    void loadWhenDurationIsNotADurationThenMessageNamesKeyAndValue() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.url",
                        "http://127.0.0.1:8081",
                        "gatehouse.redis.embedded",
                        "true",
                        "gatehouse.upstream.connect-timeout",
                        "five seconds")))
                .containsExactly("gatehouse.upstream.connect-timeout must be a duration such as 30s, 5m or 1h"
                        + " but was 'five seconds'");
    }

    @Test
    void loadWhenBooleanIsNotABooleanThenMessageNamesKeyAndValue() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.url", "http://127.0.0.1:8081", "gatehouse.redis.embedded", "yes please")))
                .contains("gatehouse.redis.embedded must be true or false but was 'yes please'");
    }

    @Test
    void loadWhenBothRedisUrlAndEmbeddedThenConflictReported() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.url",
                        "http://127.0.0.1:8081",
                        "gatehouse.redis.embedded",
                        "true",
                        "gatehouse.redis.url",
                        "redis://localhost:6379")))
                .containsExactly("gatehouse.redis.url and gatehouse.redis.embedded: true are both set; choose one");
    }

    @Test
    void loadWhenNoRedisConfiguredThenSaysHowToConfigureIt() {
        assertThat(problems(Map.of("gatehouse.upstream.url", "http://127.0.0.1:8081")))
                .containsExactly(
                        "gatehouse.redis.url is required: a redis:// or rediss:// URL, or set"
                                + " gatehouse.redis.embedded: true, or configure gatehouse.redis.sentinel or gatehouse.redis.cluster");
    }

    @Test
    void loadWhenRedisUrlHasWrongSchemeThenPasswordIsNotEchoed() {
        List<String> problems = problems(Map.of(
                "gatehouse.upstream.url",
                "http://127.0.0.1:8081",
                "gatehouse.redis.url",
                "http://user:hunter2@localhost:6379"));

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("gatehouse.redis.url must start with redis:// or rediss://")
                .doesNotContain("hunter2");
    }

    @Test
    void loadWhenKeyIsMisspelledThenUnknownKeyReported() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.url",
                        "http://127.0.0.1:8081",
                        "gatehouse.redis.embedded",
                        "true",
                        "gatehouse.upstream.respnse-timeout",
                        "5s")))
                .containsExactly("gatehouse.upstream.respnse-timeout is not a Gatehouse setting (check the spelling"
                        + " against docs/configuration.md)");
    }

    @Test
    void loadWhenEnvironmentHoldsGatehouseVariablesThatAreNotSettingsThenTheyAreNotReported() {
        StandardEnvironment environment = environment(
                Map.of("gatehouse.upstream.url", "http://127.0.0.1:8081", "gatehouse.redis.embedded", "true"));
        environment
                .getPropertySources()
                .addLast(new SystemEnvironmentPropertySource(
                        "systemEnvironment",
                        Map.of(
                                "GATEHOUSE_SECRET_KEY",
                                "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                                "GATEHOUSE_SECRET_KEYS_OLD",
                                "",
                                "GATEHOUSE_REDIS_PASSWORD",
                                "s3cret")));

        GatehouseProperties properties = GatehousePropertiesLoader.load(environment);

        assertThat(properties.redis().password()).isEqualTo("s3cret");
    }

    @Test
    void loadWhenSeveralProblemsThenAllAreReportedAtOnce() {
        List<String> problems = problems(Map.of(
                "gatehouse.upstream.url", "localhost:8081",
                "gatehouse.upstream.response-timeout", "0s",
                "gatehouse.redis.key-prefix", "has space",
                "gatehouse.redis.timeout", "-1s"));

        assertThat(problems)
                .hasSize(5)
                .anyMatch(p -> p.startsWith("gatehouse.upstream.url"))
                .anyMatch(p -> p.startsWith("gatehouse.upstream.response-timeout must be positive"))
                .anyMatch(p -> p.startsWith("gatehouse.redis.key-prefix"))
                .anyMatch(p -> p.startsWith("gatehouse.redis.timeout must be positive"))
                .anyMatch(p -> p.startsWith("gatehouse.redis.url is required"));
    }

    @Test
    void redisPropertiesToStringWhenPasswordSetThenItIsHidden() {
        GatehouseProperties properties = GatehousePropertiesLoader.load(environment(Map.of(
                "gatehouse.upstream.url", "http://127.0.0.1:8081",
                "gatehouse.redis.url", "redis://admin:hunter2@redis.internal:6380",
                "gatehouse.redis.password", "topsecret")));

        assertThat(properties.toString()).doesNotContain("hunter2").doesNotContain("topsecret");
    }

    @Test
    void loadWhenTrustedCertificateMissingOrNotACertificateThenEachReported(@TempDir Path dir) throws Exception {
        Path notACertificate = Files.writeString(dir.resolve("notes.pem"), "-----BEGIN NOTHING-----\n");

        assertThat(problems(Map.of(
                        "gatehouse.upstream.url",
                        "https://legacy.internal",
                        "gatehouse.redis.embedded",
                        "true",
                        "gatehouse.upstream.trusted-certificates[0]",
                        dir.resolve("absent.pem").toString(),
                        "gatehouse.upstream.trusted-certificates[1]",
                        notACertificate.toString())))
                .containsExactly(
                        "gatehouse.upstream.trusted-certificates[0] must be a readable file but was '"
                                + dir.resolve("absent.pem") + "'",
                        "gatehouse.upstream.trusted-certificates[1] must hold X.509 certificates in PEM or DER form"
                                + " but was '" + notACertificate + "'");
    }

    @Test
    void loadWhenInsecureTrustManagerTurnedOnThenRefused() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.url",
                        "https://legacy.internal",
                        "gatehouse.redis.embedded",
                        "true",
                        "spring.cloud.gateway.server.webflux.httpclient.ssl.use-insecure-trust-manager",
                        "true")))
                .singleElement()
                .asString()
                .startsWith(
                        "spring.cloud.gateway.server.webflux.httpclient.ssl.use-insecure-trust-manager must not be set");
    }

    @Test
    void loadWhenTotpIssuerNotSetThenSiteNameElseTheExplicitIssuer() {
        Map<String, Object> named = Map.of(
                "gatehouse.upstream.url",
                "http://127.0.0.1:8081",
                "gatehouse.redis.embedded",
                "true",
                "gatehouse.ui.site-name",
                "Council Intranet");
        assertThat(GatehousePropertiesLoader.load(environment(named)).totp().issuer())
                .isEqualTo("Council Intranet");

        Map<String, Object> explicit = new LinkedHashMap<>(named);
        explicit.put("gatehouse.totp.issuer", "Council IT");
        assertThat(GatehousePropertiesLoader.load(environment(explicit)).totp().issuer())
                .isEqualTo("Council IT");

        assertThat(GatehousePropertiesLoader.load(environment(Map.of(
                                "gatehouse.upstream.url", "http://127.0.0.1:8081", "gatehouse.redis.embedded", "true")))
                        .totp()
                        .issuer())
                .isEqualTo("Gatehouse");
    }

    @Test
    void loadWhenSiteNameCannotBeTheIssuerAndIssuerNotSetThenProblemSaysWhere() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.url",
                        "http://127.0.0.1:8081",
                        "gatehouse.redis.embedded",
                        "true",
                        "gatehouse.ui.site-name",
                        "Council: Intranet")))
                .containsExactly("gatehouse.totp.issuer must be at most 64 characters and contain no ':' (when not set,"
                        + " it is gatehouse.ui.site-name) but was 'Council: Intranet'");
    }

    /** The problems the loader reports for {@code settings}; fails when it accepts them. Shared by the config tests. */
    static List<String> problems(Map<String, Object> settings) {
        InvalidConfigurationException e = catchThrowableOfType(
                InvalidConfigurationException.class, () -> GatehousePropertiesLoader.load(environment(settings)));
        assertThat(e).as("expected the settings to be refused").isNotNull();
        return e.problems();
    }

    static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", new LinkedHashMap<>(settings)));
        return environment;
    }
}
