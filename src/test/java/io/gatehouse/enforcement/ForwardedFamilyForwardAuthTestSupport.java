package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gatehouse.support.RawHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Forward-auth behind Traefik or Caddy (subclasses), whose verify calls carry {@code X-Forwarded-Uri},
 * {@code X-Forwarded-Method} and {@code X-Forwarded-Host} set by the proxy, plus whatever client headers the proxy
 * copies. Neither proxy is installed here, so each test writes the verify call exactly as that proxy sends it, with a
 * client's spoofed headers where the proxy would copy them. Also the {@code gatehouse.server.hosts} rule in proxy mode
 * (421), with a {@code hosts:} bypass rule for {@code internal.example.org} that a client must not be able to claim.
 */
abstract class ForwardedFamilyForwardAuthTestSupport {

    static final String PROPERTIES_CONFIG = "gatehouse.config=src/test/resources/gatehouse-test.yml";

    static final WireMockServer upstream = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());

    static {
        upstream.start();
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.upstream.url", upstream::baseUrl);
        registry.add("gatehouse.forward-auth.enabled", () -> "true");
        registry.add("gatehouse.server.hosts[0]", () -> "app.example.org");
        registry.add("gatehouse.server.hosts[1]", () -> "internal.example.org");
        registry.add("gatehouse.policy.rules[0].name", () -> "internal health");
        registry.add("gatehouse.policy.rules[0].paths[0]", () -> "/health");
        registry.add("gatehouse.policy.rules[0].hosts[0]", () -> "internal.example.org");
        registry.add("gatehouse.policy.rules[0].policy", () -> "bypass");
        registry.add("gatehouse.policy.rules[1].paths[0]", () -> "/public/**");
        registry.add("gatehouse.policy.rules[1].policy", () -> "bypass");
        // deny, not required: anonymous requests to required routes are still forwarded (the site's login answers).
        registry.add("gatehouse.policy.default", () -> "deny");
    }

    @AfterAll
    static void resetUpstream() {
        upstream.resetAll();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @BeforeEach
    void stubSite() {
        upstream.resetAll();
        upstream.stubFor(
                get(WireMock.anyUrl()).willReturn(aResponse().withStatus(200).withBody("site page")));
    }

    /** The Host header this proxy puts on its verify call. */
    abstract String verifyHost();

    /** A verify call as the proxy writes it for a browser's {@code GET target} to {@code host}, plus copied lines. */
    RawHttp.Response verify(String target, String host, String... copiedFromClient) {
        List<String> lines = new ArrayList<>(List.of(
                "Host: " + verifyHost(),
                "X-Forwarded-Method: GET",
                "X-Forwarded-Proto: https",
                "X-Forwarded-Host: " + host,
                "X-Forwarded-Uri: " + target,
                "X-Forwarded-For: 198.51.100.7",
                "Accept: text/html"));
        lines.addAll(List.of(copiedFromClient));
        return RawHttp.send(port, RawHttp.request("GET /_gatehouse/verify HTTP/1.1", lines.toArray(String[]::new)));
    }

    @Test
    void verifyWhenBypassedPathNamedThenAllowed() {
        assertThat(verify("/public/page", "app.example.org").status()).isEqualTo(200);
    }

    @Test
    void verifyWhenDeniedPathNamedThenRefused() {
        assertThat(verify("/admin/users", "app.example.org").status()).isEqualTo(403);
    }

    @Test
    void verifyWhenClientAddsNginxFamilyNamingBypassedPathThenNotJudgedByIt() {
        RawHttp.Response response =
                verify("/admin/users", "app.example.org", "X-Original-URI: /public/page", "X-Original-Method: GET");

        assertThat(response.status()).as(response.raw()).isEqualTo(403);
    }

    @Test
    void verifyWhenClientAddsNginxFamilyToAllowedRequestThenRefused() {
        assertThat(verify("/public/page", "app.example.org", "X-Original-URI: /public/page")
                        .status())
                .isEqualTo(403);
        assertThat(verify("/public/page", "app.example.org", "X-Original-Method: GET")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void verifyWhenClientsForwardedUriCopiedBesideTheProxysThenRefused() {
        assertThat(verify("/public/page", "app.example.org", "X-Forwarded-Uri: /public/page")
                        .status())
                .isEqualTo(403);
        assertThat(verify("/public/page", "app.example.org", "X-Forwarded-Host: app.example.org")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void verifyWhenHostNotServedThenRefused() {
        assertThat(verify("/public/page", "evil.example").status()).isEqualTo(403);
    }

    @Test
    void verifyWhenHostRuleNamesTheCheckedHostThenItDecides() {
        assertThat(verify("/health", "internal.example.org").status()).isEqualTo(200);
        assertThat(verify("/health", "app.example.org").status()).isEqualTo(403);
    }

    @Test
    void proxyModeWhenHostServedThenForwarded() {
        RawHttp.Response response =
                RawHttp.send(port, RawHttp.request("GET /public/page HTTP/1.1", "Host: app.example.org"));

        assertThat(response.status()).isEqualTo(200);
        upstream.verify(1, WireMock.getRequestedFor(urlPathEqualTo("/public/page")));
    }

    @Test
    void proxyModeWhenOtherHostThen421AndNothingForwarded() {
        RawHttp.Response response =
                RawHttp.send(port, RawHttp.request("GET /public/page HTTP/1.1", "Host: evil.example"));

        assertThat(response.status()).isEqualTo(421);
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void proxyModeWhenClientClaimsInternalHostInForwardedHostThenHostRuleDoesNotApply() {
        RawHttp.Response listed = RawHttp.send(
                port,
                RawHttp.request(
                        "GET /health HTTP/1.1",
                        "Host: app.example.org",
                        "X-Forwarded-Host: internal.example.org",
                        "Accept: text/html"));
        RawHttp.Response unlisted = RawHttp.send(
                port,
                RawHttp.request(
                        "GET /health HTTP/1.1",
                        "Host: app.example.org",
                        "X-Forwarded-Host: evil.example",
                        "Accept: text/html"));

        assertThat(listed.isSuccess()).as(listed.raw()).isFalse();
        assertThat(unlisted.status()).isEqualTo(421);
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void proxyModeWhenInternalHostRequestedThenHostRuleApplies() {
        RawHttp.Response response =
                RawHttp.send(port, RawHttp.request("GET /health HTTP/1.1", "Host: internal.example.org"));

        assertThat(response.status()).isEqualTo(200);
        upstream.verify(1, WireMock.getRequestedFor(urlPathEqualTo("/health")));
    }

    @Test
    void managementPortWhenAnyHostThenAnswered() {
        RawHttp.Response response =
                RawHttp.send(managementPort, RawHttp.request("GET /actuator/health HTTP/1.1", "Host: evil.example"));

        assertThat(response.status()).isNotEqualTo(421);
    }
}
