package io.gatehouse.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.gatehouse.support.LegacySiteUpstream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Actuator lives on its own port, bound to loopback, and shows only health and metrics; on the public
 * port {@code /actuator/**} belongs to the upstream like any other path.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "management.server.port=0",
            // A site whose own /actuator pages are public: anything not bypassed would send anonymous browsers to sign
            // in.
            "gatehouse.policy.rules[0].paths=/actuator/**",
            "gatehouse.policy.rules[0].policy=bypass"
        })
class ManagementEndpointsIntegrationTests {

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    WebTestClient management;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("the upstream's own page")));
        management = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + managementPort)
                .build();
    }

    @Test
    void healthWhenRedisRunningThenUpWithRedisComponentAndNoSpringCloudNoise() {
        management
                .get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.redis.status")
                .isEqualTo("UP")
                .jsonPath("$.components.discoveryComposite")
                .doesNotExist()
                .jsonPath("$.components.reactiveDiscoveryClients")
                .doesNotExist()
                .jsonPath("$.components.refreshScope")
                .doesNotExist();
    }

    @Test
    void prometheusThenTextExposition() {
        String body = management
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value("Content-Type", type -> assertThat(type).startsWith("text/plain"))
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(body).contains("# TYPE jvm_memory_used_bytes gauge").contains("jvm_memory_used_bytes{");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/actuator/gateway",
                "/actuator/gateway/routes",
                "/actuator/env",
                "/actuator/heapdump",
                "/actuator/beans",
                "/actuator/configprops",
                "/actuator/mappings",
                "/actuator/refresh",
                "/actuator/threaddump",
                "/actuator/loggers",
                "/actuator/loggers/io.gatehouse",
                "/actuator/shutdown",
                "/actuator/sessions",
                "/actuator/metrics",
                "/actuator/info"
            })
    void sensitiveEndpointsWhenRequestedOnManagementPortThenNotFound(String path) {
        management.get().uri(path).exchange().expectStatus().isNotFound();
    }

    /** Writes are refused too: {@code POST /actuator/shutdown} would stop Gatehouse, a logger change would hide it. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/actuator/shutdown",
                "/actuator/loggers/io.gatehouse",
                "/actuator/gateway/refresh",
                "/actuator/refresh"
            })
    void sensitiveWritesWhenPostedOnManagementPortThenNotFoundAndGatehouseKeepsServing(String path) {
        management
                .post()
                .uri(path)
                .header("Content-Type", "application/json")
                .bodyValue("{\"configuredLevel\":\"OFF\"}")
                .exchange()
                .expectStatus()
                .isNotFound();

        management.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    /** The public port has no actuator at all: every {@code /actuator/**} path is the upstream's, forwarded once. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/actuator",
                "/actuator/env",
                "/actuator/gateway/routes",
                "/actuator/heapdump",
                "/actuator/prometheus",
                "/actuator/threaddump"
            })
    void actuatorPathWhenRequestedOnMainPortThenForwardedAsOrdinaryPath(String path) {
        WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("the upstream's own page");

        upstream.verify(1, getRequestedFor(urlEqualTo(path)));
    }

    /**
     * A socket bound to 127.0.0.1 does not answer on 127.0.0.2, while one bound to every address does (on
     * Linux all of 127.0.0.0/8 is local). The main port, which listens everywhere, proves the probe works.
     */
    @Test
    void managementPortWhenReachedOnAnotherAddressThenRefusedWhileMainPortAccepts() throws Exception {
        InetAddress other = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        assertThat(accepts(InetAddress.getLoopbackAddress(), managementPort)).isTrue();
        assumeThat(accepts(other, port))
                .as("the main port answers on 127.0.0.2 (Linux loopback)")
                .isTrue();

        assertThat(accepts(other, managementPort))
                .as("management port on 127.0.0.2")
                .isFalse();
    }

    @Test
    void healthWhenRequestedOnMainPortThenForwardedToUpstream() {
        WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("the upstream's own page");

        upstream.verify(1, getRequestedFor(urlEqualTo("/actuator/health")));
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
