package io.gatehouse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** The demo profile: Gatehouse in front of the bundled legacy site, signed into through the gateway. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gatehouse.config=src/test/resources/gatehouse-test.yml")
@ActiveProfiles("demo")
class DemoIntegrationTests {

    static final int SITE_PORT = freePort();

    @DynamicPropertySource
    static void sitePort(DynamicPropertyRegistry registry) {
        registry.add("demo.site.port", () -> SITE_PORT);
        registry.add("gatehouse.upstream.url", () -> "http://127.0.0.1:" + SITE_PORT);
    }

    @LocalServerPort
    int port;

    @Autowired
    LegacyDemoSite site;

    WebTestClient client;

    @BeforeEach
    void setUp() {
        client =
                WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @Test
    void demoWhenStartedThenLegacySiteRunsOnConfiguredLoopbackPort() {
        assertThat(site.port()).isEqualTo(SITE_PORT);
        assertThat(site.users()).extracting(DemoUser::email).contains("alice@example.org");
    }

    @Test
    void loginThroughGatewayWhenPasswordCorrectThenSiteSessionIsHeldForTheSecondFactor() {
        client.get()
                .uri("/admin")
                .header(HttpHeaders.ACCEPT, "text/html")
                .exchange()
                .expectStatus()
                .isSeeOther()
                .expectHeader()
                .value(HttpHeaders.LOCATION, location -> assertThat(location).startsWith("/login"));
        client.get()
                .uri("/login")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(html -> assertThat(html).contains("name=\"password\""));

        EntityExchangeResult<byte[]> login = client.post()
                .uri("/login")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("email", "alice@example.org").with("password", "alice-password"))
                .exchange()
                .expectStatus()
                .isSeeOther()
                .expectHeader()
                .valueEquals(HttpHeaders.LOCATION, "/_gatehouse/enroll")
                .expectBody()
                .returnResult();
        assertThat(login.getResponseCookies().getFirst("LEGACYSESSID")).isNull();
        assertThat(login.getResponseCookies().getFirst("gatehouse_session")).isNotNull();
    }

    @Test
    void loginThroughGatewayWhenPasswordWrongThenSiteShowsItsOwnError() {
        client.post()
                .uri("/login")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("email", "alice@example.org").with("password", "nope"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist(HttpHeaders.SET_COOKIE)
                .expectBody(String.class)
                .value(html -> assertThat(html).contains("Invalid email or password"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
