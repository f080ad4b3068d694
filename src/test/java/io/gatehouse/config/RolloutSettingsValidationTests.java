package io.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** {@code gatehouse.mode} and {@code gatehouse.forward-auth.*}: defaults, and each mistake named with its value. */
class RolloutSettingsValidationTests {

    private static final Map<String, Object> BASE =
            Map.of("gatehouse.upstream.url", "http://127.0.0.1:8081", "gatehouse.redis.embedded", "true");

    @Test
    void loadWhenNothingSetThenEnforcingAndForwardAuthOffForLoopback() {
        GatehouseProperties properties = GatehousePropertiesLoader.load(environment(Map.of()));

        assertThat(properties.mode()).isEqualTo(EnforcementMode.ENFORCE);
        assertThat(properties.reportOnly()).isFalse();
        assertThat(properties.forwardAuth().enabled()).isFalse();
        assertThat(properties.forwardAuth().redirect()).isFalse();
        assertThat(properties.forwardAuth().trustedAddresses()).containsExactly("127.0.0.0/8", "::1");
    }

    @Test
    void loadWhenReportOnlyThenReportOnly() {
        assertThat(GatehousePropertiesLoader.load(environment(Map.of("gatehouse.mode", "report-only")))
                        .reportOnly())
                .isTrue();
    }

    @Test
    void loadWhenModeMisspeltThenNamedWithTheChoices() {
        assertThat(problems(Map.of("gatehouse.mode", "report")))
                .singleElement()
                .asString()
                .contains("gatehouse.mode")
                .contains("'report'")
                .contains("enforce, report-only");
    }

    @Test
    void loadWhenTrustedAddressIsAHostNameOrBadNetworkThenEachNamed() {
        List<String> problems = problems(Map.of(
                "gatehouse.forward-auth.enabled",
                "true",
                "gatehouse.forward-auth.proxy",
                "nginx",
                "gatehouse.forward-auth.trusted-addresses[0]",
                "10.0.0.0/8",
                "gatehouse.forward-auth.trusted-addresses[1]",
                "proxy.internal",
                "gatehouse.forward-auth.trusted-addresses[2]",
                "10.0.0.0/33",
                "gatehouse.forward-auth.trusted-addresses[3]",
                "fd00::/64"));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0))
                .contains("gatehouse.forward-auth.trusted-addresses[1]")
                .contains("proxy.internal");
        assertThat(problems.get(1))
                .contains("gatehouse.forward-auth.trusted-addresses[2]")
                .contains("10.0.0.0/33");
    }

    @Test
    void loadWhenEnabledWithNoTrustedAddressThenRefused() {
        assertThat(problems(Map.of(
                        "gatehouse.forward-auth.enabled",
                        "true",
                        "gatehouse.forward-auth.proxy",
                        "caddy",
                        "gatehouse.forward-auth.trusted-addresses",
                        "")))
                .singleElement()
                .asString()
                .startsWith("gatehouse.forward-auth.trusted-addresses is required");
    }

    private static List<String> problems(Map<String, Object> settings) {
        return catchThrowableOfType(
                        InvalidConfigurationException.class,
                        () -> GatehousePropertiesLoader.load(environment(settings)))
                .problems();
    }

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        java.util.Map<String, Object> all = new java.util.HashMap<>(BASE);
        all.putAll(settings);
        environment.getPropertySources().addFirst(new MapPropertySource("test", all));
        return environment;
    }
}
