package io.gatehouse.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.LegacySiteUpstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * When the upstream is down or too slow the visitor gets a short, plain answer (a page for browsers,
 * JSON for everything else) and nothing about Gatehouse's insides.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.upstream.connect-timeout=1s",
            "gatehouse.upstream.response-timeout=1s",
            // Anonymous requests reach the (failing) upstream here, as on a front controller's public pages.
            "gatehouse.policy.rules[0].paths=/**",
            "gatehouse.policy.rules[0].policy=required",
            "gatehouse.policy.rules[0].anonymous=forward"
        })
class UpstreamFailureIntegrationTests {

    @LocalServerPort
    int port;

    WebTestClient client;

    @BeforeEach
    void setUpClient() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }

    static void assertNoInternals(String body, int upstreamPort) {
        assertThat(body)
                .isNotBlank()
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("io.netty")
                .doesNotContain("reactor")
                .doesNotContain("refused")
                .doesNotContain("127.0.0.1")
                .doesNotContain(String.valueOf(upstreamPort));
    }

    @Nested
    class WhenUpstreamNotListening {

        static final int CLOSED_PORT = closedPort();

        @DynamicPropertySource
        static void upstreamUrl(DynamicPropertyRegistry registry) {
            registry.add("gatehouse.upstream.url", () -> "http://127.0.0.1:" + CLOSED_PORT);
        }

        @Test
        void requestWhenBrowserThenBadGatewayPage() {
            EntityExchangeResult<String> result = client.get()
                    .uri("/admin/users")
                    .header(HttpHeaders.ACCEPT, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(502)
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectHeader()
                    .cacheControl(CacheControl.noStore())
                    .expectBody(String.class)
                    .returnResult();

            assertThat(result.getResponseBody()).startsWith("<!doctype html>").contains("cannot be reached right now");
            assertNoInternals(result.getResponseBody(), CLOSED_PORT);
        }

        @Test
        void requestWhenApiClientThenBadGatewayJson() {
            EntityExchangeResult<String> result = client.post()
                    .uri("/api/orders")
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"id\":1}")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(502)
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                    .expectBody(String.class)
                    .returnResult();

            assertThat(result.getResponseBody()).contains("\"error\":\"upstream_unreachable\"");
            assertNoInternals(result.getResponseBody(), CLOSED_PORT);
        }

        @Test
        void requestWhenNoAcceptHeaderOrXhrThenJson() {
            client.get()
                    .uri("/")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(502)
                    .expectBody()
                    .jsonPath("$.error")
                    .isEqualTo("upstream_unreachable");

            client.get()
                    .uri("/")
                    .header(HttpHeaders.ACCEPT, "text/html")
                    .header("X-Requested-With", "XMLHttpRequest")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(502)
                    .expectBody()
                    .jsonPath("$.error")
                    .isEqualTo("upstream_unreachable");
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * A listener whose accept queue is full: the kernel answers no further connection attempt, so connecting hangs
     * until the connect timeout (1 s here; the HTTP client's own default would be 30 s).
     */
    @Nested
    class WhenUpstreamNeverAcceptsConnection {

        /** The connections that fill the queue, kept open for as long as the tests run. */
        static final List<Socket> QUEUED = new ArrayList<>();

        static final ServerSocket FULL = fullListener();

        /**
         * The response timeout counts from the start of routing, the connection attempt included: longer here, so
         * that the connect timeout is what ends the request (with equal timeouts either may end it first).
         */
        @DynamicPropertySource
        static void upstreamUrl(DynamicPropertyRegistry registry) {
            registry.add("gatehouse.upstream.url", () -> "http://127.0.0.1:" + FULL.getLocalPort());
            registry.add("gatehouse.upstream.response-timeout", () -> "3s");
        }

        @AfterAll
        static void close() throws IOException {
            for (Socket queued : QUEUED) {
                queued.close();
            }
            FULL.close();
        }

        @Test
        void requestWhenConnectTimeoutPassesThenBadGatewayJson() {
            EntityExchangeResult<String> result = client.get()
                    .uri("/api/orders")
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange()
                    .expectStatus()
                    .isEqualTo(502)
                    .expectBody(String.class)
                    .returnResult();

            assertThat(result.getResponseBody()).contains("\"error\":\"upstream_unreachable\"");
            assertNoInternals(result.getResponseBody(), FULL.getLocalPort());
        }

        private static ServerSocket fullListener() {
            try {
                ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                for (int i = 0; i < 4; i++) {
                    Socket filler = new Socket();
                    try {
                        filler.connect(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 300);
                        QUEUED.add(filler);
                    } catch (SocketTimeoutException full) {
                        filler.close();
                        return listener;
                    }
                }
                throw new IllegalStateException("the listener's accept queue did not fill up");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Nested
    class WhenUpstreamSlowerThanResponseTimeout {

        @RegisterExtension
        static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

        @DynamicPropertySource
        static void upstreamUrl(DynamicPropertyRegistry registry) {
            upstream.registerUrl(registry);
        }

        @BeforeEach
        void slowUpstream() {
            upstream.resetAll();
            upstream.stubFor(any(anyUrl())
                    .willReturn(aResponse().withStatus(200).withFixedDelay(3000).withBody("too late")));
        }

        @Test
        void requestWhenBrowserThenGatewayTimeoutPageBeforeUpstreamAnswers() {
            long start = System.nanoTime();
            EntityExchangeResult<String> result = client.get()
                    .uri("/reports/slow")
                    .header(HttpHeaders.ACCEPT, "text/html")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(504)
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectBody(String.class)
                    .returnResult();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(elapsed).isLessThan(Duration.ofMillis(2900));
            assertThat(result.getResponseBody()).contains("took too long").doesNotContain("too late");
            assertNoInternals(result.getResponseBody(), upstream.port());
        }

        @Test
        void requestWhenApiClientThenGatewayTimeoutJson() {
            EntityExchangeResult<String> result = client.get()
                    .uri("/api/slow")
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange()
                    .expectStatus()
                    .isEqualTo(504)
                    .expectBody(String.class)
                    .returnResult();

            assertThat(result.getResponseBody()).contains("\"error\":\"upstream_timeout\"");
            assertNoInternals(result.getResponseBody(), upstream.port());
        }
    }
}
