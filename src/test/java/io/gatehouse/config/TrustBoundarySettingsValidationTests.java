package io.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code gatehouse.server.hosts}, {@code gatehouse.upstream.forward-headers.*} and {@code gatehouse.forward-auth.proxy}:
 * defaults, and each mistake named with its key and value.
 */
class TrustBoundarySettingsValidationTests {

    private static final Map<String, Object> BASE =
            Map.of("gatehouse.upstream.url", "http://127.0.0.1:8081", "gatehouse.redis.embedded", "true");

    private static final Map<String, Object> HOST_RULE = Map.of(
            "gatehouse.policy.rules[0].paths[0]",
            "/health",
            "gatehouse.policy.rules[0].hosts[0]",
            "internal.example.org",
            "gatehouse.policy.rules[0].policy",
            "bypass");

    @Test
    void loadWhenNothingSetThenAnyHostAndDefaultHeaderRules() {
        GatehouseProperties properties = GatehousePropertiesLoader.load(environment(Map.of()));

        assertThat(properties.server().hosts()).isEmpty();
        assertThat(properties.upstream().forwardHeaders().removePrefixes())
                .containsExactly("x-auth-", "x-remote-", "remote-");
        assertThat(properties.upstream().forwardHeaders().allow()).isEmpty();
        assertThat(properties.upstream().forwardHeaders().methodOverride()).isEqualTo(MethodOverrideMode.STRIP);
        assertThat(properties.forwardAuth().proxy()).isNull();
    }

    @Test
    void loadWhenRuleHasHostsButNoServerHostsThenRefusedNamingTheKey() {
        assertThat(problems(HOST_RULE))
                .singleElement()
                .asString()
                .startsWith("gatehouse.policy.rules[0].hosts needs gatehouse.server.hosts")
                .contains("internal.example.org");
    }

    @Test
    void loadWhenRuleHasHostsAndServerHostsThenAccepted() {
        Map<String, Object> settings = new HashMap<>(HOST_RULE);
        settings.put("gatehouse.server.hosts[0]", "app.example.org");
        settings.put("gatehouse.server.hosts[1]", "internal.example.org");

        assertThat(GatehousePropertiesLoader.load(environment(settings))
                        .server()
                        .hosts())
                .containsExactly("app.example.org", "internal.example.org");
    }

    @Test
    void loadWhenServerHostHasPortOrSchemeThenRefused() {
        List<String> problems = problems(Map.of(
                "gatehouse.server.hosts[0]",
                "app.example.org:443",
                "gatehouse.server.hosts[1]",
                "https://app.example.org"));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("gatehouse.server.hosts[0]").contains("app.example.org:443");
        assertThat(problems.get(1)).contains("gatehouse.server.hosts[1]");
    }

    @Test
    void loadWhenForwardHeadersMistakenThenEachNamed() {
        List<String> problems = problems(Map.of(
                "gatehouse.upstream.forward-headers.allow[0]", "X-Gatehouse-User",
                "gatehouse.upstream.forward-headers.allow[1]", "X Bad",
                "gatehouse.upstream.forward-headers.remove-prefixes[0]", "x",
                "gatehouse.upstream.forward-headers.method-override", "sometimes"));

        assertThat(problems).hasSize(4);
        assertThat(String.join("\n", problems))
                .contains("gatehouse.upstream.forward-headers.allow[0] must not be an X-Gatehouse-* header")
                .contains("gatehouse.upstream.forward-headers.allow[1] must be a header name but was 'X Bad'")
                .contains("gatehouse.upstream.forward-headers.remove-prefixes[0]")
                .contains("gatehouse.upstream.forward-headers.method-override must be one of strip, keep");
    }

    @Test
    void loadWhenForwardAuthEnabledWithoutProxyThenRefused() {
        assertThat(problems(Map.of("gatehouse.forward-auth.enabled", "true")))
                .singleElement()
                .asString()
                .startsWith("gatehouse.forward-auth.proxy is required");
    }

    @Test
    void loadWhenForwardAuthProxyUnknownThenRefused() {
        assertThat(problems(
                        Map.of("gatehouse.forward-auth.enabled", "true", "gatehouse.forward-auth.proxy", "haproxy")))
                .singleElement()
                .asString()
                .isEqualTo("gatehouse.forward-auth.proxy must be one of nginx, traefik, caddy but was 'haproxy'");
    }

    @Test
    void loadWhenMisspeltNewKeyThenReported() {
        assertThat(problems(Map.of("gatehouse.server.host[0]", "app.example.org")))
                .singleElement()
                .asString()
                .startsWith("gatehouse.server.host[0] is not a Gatehouse setting");
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
