package io.gatehouse.config;

import static io.gatehouse.config.GatehousePropertiesLoaderTests.environment;
import static io.gatehouse.config.GatehousePropertiesLoaderTests.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code gatehouse.session.*}: the idle and absolute limits of a verified session, bound and validated at start. */
class SessionSettingsValidationTests {

    private static final Map<String, Object> BASE =
            Map.of("gatehouse.upstream.url", "http://127.0.0.1:8081", "gatehouse.redis.embedded", "true");

    private static Map<String, Object> with(Object... keysAndValues) {
        Map<String, Object> settings = new java.util.LinkedHashMap<>(BASE);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    @Test
    void loadWhenNothingSetThenNistAal2Defaults() {
        SessionProperties session =
                GatehousePropertiesLoader.load(environment(BASE)).session();

        assertThat(session.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(session.maxAge()).isEqualTo(Duration.ofHours(12));
        assertThat(session.activity()).isEqualTo(SessionActivity.NAVIGATIONS);
    }

    @Test
    void loadWhenSetThenBound() {
        SessionProperties session = GatehousePropertiesLoader.load(environment(with(
                        "gatehouse.session.idle-timeout",
                        "15m",
                        "gatehouse.session.max-age",
                        "8h",
                        "gatehouse.session.activity",
                        "all")))
                .session();

        assertThat(session.idleTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(session.maxAge()).isEqualTo(Duration.ofHours(8));
        assertThat(session.activity()).isEqualTo(SessionActivity.ALL);
    }

    @Test
    void loadWhenIdleLongerThanMaxAgeThenBothNamed() {
        assertThat(problems(with("gatehouse.session.idle-timeout", "2h", "gatehouse.session.max-age", "1h")))
                .containsExactly("gatehouse.session.idle-timeout must not be longer than gatehouse.session.max-age"
                        + " (PT1H) but was 'PT2H'");
    }

    @Test
    void loadWhenOutOfBoundsThenEveryKeyNamedWithItsValue() {
        assertThat(problems(with("gatehouse.session.idle-timeout", "30s", "gatehouse.session.max-age", "31d")))
                .containsExactlyInAnyOrder(
                        "gatehouse.session.idle-timeout must be from 1m to 24h but was 'PT30S'",
                        "gatehouse.session.max-age must be from 5m to 30d but was 'PT744H'");
        assertThat(problems(with("gatehouse.session.idle-timeout", "25h", "gatehouse.session.max-age", "4m")))
                .containsExactlyInAnyOrder(
                        "gatehouse.session.idle-timeout must be from 1m to 24h but was 'PT25H'",
                        "gatehouse.session.max-age must be from 5m to 30d but was 'PT4M'");
    }

    @Test
    void loadWhenNotADurationOrUnknownActivityOrMisspeltKeyThenEachNamed() {
        assertThat(problems(with(
                        "gatehouse.session.idle-timeout",
                        "half an hour",
                        "gatehouse.session.activity",
                        "sometimes",
                        "gatehouse.session.max-lifetime",
                        "12h")))
                .containsExactlyInAnyOrder(
                        "gatehouse.session.idle-timeout must be a duration such as 30s, 5m or 1h but was 'half an hour'",
                        "gatehouse.session.activity must be one of navigations, all but was 'sometimes'",
                        "gatehouse.session.max-lifetime is not a Gatehouse setting (check the spelling against"
                                + " docs/configuration.md)");
    }

    @Test
    void validateWhenLimitsAtTheirBoundsThenAccepted() {
        ConfigErrors errors = new ConfigErrors();
        new SessionProperties(Duration.ofMinutes(1), Duration.ofMinutes(5), SessionActivity.ALL).validate(errors);
        new SessionProperties(Duration.ofHours(24), Duration.ofDays(30), SessionActivity.NAVIGATIONS).validate(errors);
        assertThat(errors.messages()).isEmpty();
    }
}
