package io.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.LockoutPolicy;
import io.gatehouse.totp.TotpParameters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class EngineConfigTests {

    @Test
    void validateWhenDefaultsThenNoErrorsAndMatchEngineDefaults() {
        ConfigErrors errors = new ConfigErrors();
        TotpProperties.defaults().validate(errors);
        LockoutProperties.defaults().validate(errors);
        SecretsProperties.defaults().validate(errors);

        assertThat(errors.messages()).isEmpty();
        assertThat(TotpProperties.defaults().toParameters()).isEqualTo(TotpParameters.DEFAULTS);
        assertThat(TotpProperties.defaults().compatibilityWarning()).isEmpty();
        assertThat(LockoutPolicy.of(LockoutProperties.defaults())).isEqualTo(LockoutPolicy.DEFAULTS);
    }

    @Test
    void validateWhenEveryTotpValueWrongThenEveryProblemReported() {
        ConfigErrors errors = new ConfigErrors();
        new TotpProperties("MD5", 5, Duration.ofMillis(30_500), 4, "Acme: Inc").validate(errors);

        assertThat(errors.messages())
                .containsExactly(
                        "gatehouse.totp.algorithm must be SHA1, SHA256 or SHA512 but was 'MD5'",
                        "gatehouse.totp.digits must be 6, 7 or 8 but was '5'",
                        "gatehouse.totp.period must be a whole number of seconds from 15s to 300s but was 'PT30.5S'",
                        "gatehouse.totp.skew must be from 0 to 3 time steps but was '4'",
                        "gatehouse.totp.issuer must be at most 64 characters and contain no ':' (when not set, it is"
                                + " gatehouse.ui.site-name) but was 'Acme: Inc'");
    }

    @Test
    void validateWhenTotpPeriodTooShortOrIssuerBlankThenReported() {
        ConfigErrors errors = new ConfigErrors();
        new TotpProperties("sha256", 8, Duration.ofSeconds(10), 0, " ").validate(errors);

        assertThat(errors.messages())
                .containsExactly(
                        "gatehouse.totp.period must be a whole number of seconds from 15s to 300s but was 'PT10S'",
                        "gatehouse.totp.issuer is required: the name authenticator apps show, e.g. your company");
    }

    @Test
    void compatibilityWarningWhenNonDefaultParametersThenNamesThem() {
        TotpProperties properties = new TotpProperties("SHA512", 8, Duration.ofSeconds(60), 1, "Gatehouse");
        ConfigErrors errors = new ConfigErrors();
        properties.validate(errors);

        assertThat(errors.isEmpty()).isTrue();
        assertThat(properties.compatibilityWarning())
                .hasValueSatisfying(w -> assertThat(w).contains("SHA512", "8 digits", "60s", "Google Authenticator"));
    }

    @Test
    void validateWhenEveryLockoutValueWrongThenEveryProblemReported() {
        ConfigErrors errors = new ConfigErrors();
        new LockoutProperties(
                        0,
                        List.of(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ZERO),
                        101,
                        new LockoutProperties.PerIp(0, Duration.ofSeconds(10)))
                .validate(errors);

        assertThat(errors.messages())
                .containsExactly(
                        "gatehouse.lockout.max-failures must be from 1 to 20 but was '0'",
                        "gatehouse.lockout.backoff[1] must not be shorter than the one before it but was 'PT5M'",
                        "gatehouse.lockout.backoff[2] must be from 1s to 7d but was 'PT0S'",
                        "gatehouse.lockout.max-consecutive-failures must be from max-failures (0) to 100 (NIST SP 800-63B) but was '101'",
                        "gatehouse.lockout.per-ip.max-failures must be 1 or more but was '0'",
                        "gatehouse.lockout.per-ip.window must be from 1m to 24h but was 'PT10S'");
    }

    @Test
    void validateWhenLockoutListsMissingThenReported() {
        ConfigErrors errors = new ConfigErrors();
        new LockoutProperties(10, List.of(), 5, null).validate(errors);

        assertThat(errors.messages())
                .containsExactly(
                        "gatehouse.lockout.backoff is required: a list of lockout durations, e.g. [5m, 15m, 1h, 6h, 24h]",
                        "gatehouse.lockout.max-consecutive-failures must be from max-failures (10) to 100 (NIST SP 800-63B) but was '5'",
                        "gatehouse.lockout.per-ip is required: max-failures and window");
    }

    @Test
    void bindWhenNothingOrSomeKeysSetThenDefaultsFillTheRest() {
        Binder empty = new Binder(new MapConfigurationPropertySource(Map.of()));
        assertThat(empty.bindOrCreate("gatehouse.totp", TotpProperties.class)).isEqualTo(TotpProperties.defaults());
        assertThat(empty.bindOrCreate("gatehouse.lockout", LockoutProperties.class))
                .isEqualTo(LockoutProperties.defaults());
        assertThat(empty.bindOrCreate("gatehouse.secrets", SecretsProperties.class))
                .isEqualTo(SecretsProperties.defaults());

        Binder some = new Binder(new MapConfigurationPropertySource(Map.of(
                "gatehouse.totp.digits",
                "8",
                "gatehouse.lockout.per-ip.window",
                "30m",
                "gatehouse.lockout.backoff",
                "1m,2m")));
        assertThat(some.bindOrCreate("gatehouse.totp", TotpProperties.class).digits())
                .isEqualTo(8);
        LockoutProperties lockout = some.bindOrCreate("gatehouse.lockout", LockoutProperties.class);
        assertThat(lockout.perIp()).isEqualTo(new LockoutProperties.PerIp(50, Duration.ofMinutes(30)));
        assertThat(lockout.backoff()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2));
    }

    @Test
    void validateWhenKeyFileMissingThenReported() {
        ConfigErrors errors = new ConfigErrors();
        new SecretsProperties(null).validate(errors);

        assertThat(errors.messages())
                .containsExactly(
                        "gatehouse.secrets.key-file is required: the demo key file path, e.g. ./data/secret.key");
    }
}
