package io.gatehouse.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.config.FirewallProperties;
import io.gatehouse.web.ExchangeAttributes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebHandler;
import reactor.core.publisher.Mono;

class FirewallWebFilterTests {

    /** A trivial 200 handler that echoes the canonical path the firewall recorded. */
    private static final WebHandler ECHO = exchange -> {
        String path = exchange.getAttribute(ExchangeAttributes.CANONICAL_PATH);
        exchange.getResponse().setStatusCode(HttpStatus.OK);
        byte[] body = String.valueOf(path).getBytes(StandardCharsets.UTF_8);
        return exchange.getResponse()
                .writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(body)));
    };

    private final WebTestClient client = client(FirewallProperties.defaults());

    private static WebTestClient client(FirewallProperties properties) {
        return WebTestClient.bindToWebHandler(ECHO)
                .webFilter(new FirewallWebFilter(properties))
                .build();
    }

    @Test
    void getOrderWhenAskedThenRunsFirst() {
        assertThat(new FirewallWebFilter(FirewallProperties.defaults()).getOrder())
                .isEqualTo(FirewallWebFilter.ORDER)
                .isLessThan(-100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/admin/users", "/a-b_c~d/e.css", "/search?q=%2F", "/x%20y", "/x?y=a%0Ab"})
    void filterWhenTargetIsCanonicalThenPassesToHandler(String target) {
        client.get()
                .uri(URI.create("http://app.example" + target))
                .header(HttpHeaders.HOST, "app.example")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void filterWhenPathIsEncodedThenHandlerSeesDecodedCanonicalPath() {
        client.get()
                .uri(URI.create("http://app.example/x%20y/%61dmin"))
                .header(HttpHeaders.HOST, "app.example")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("/x y/admin");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/a%2Fb",
                "/a%5cb",
                "/a/../b",
                "/a/./b",
                "/%2e%2e/admin",
                "/a/.%2E",
                "//admin",
                "/admin;jsessionid=x",
                "/..;/admin",
                "/admin%3bx",
                "/%252e%252e/x",
                "/a%00b",
                "/a%0ab",
                "/a%80",
                "/admin.",
                "/admin%20",
                "/caf%C3%A9"
            })
    void filterWhenTargetIsAmbiguousThenBadRequest(String target) {
        client.get()
                .uri(URI.create("http://app.example" + target))
                .header(HttpHeaders.HOST, "app.example")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .cacheControl(org.springframework.http.CacheControl.noStore())
                .expectHeader()
                .valueEquals(HttpHeaders.CONNECTION, "close")
                .expectBody(String.class)
                .isEqualTo("Bad request\n");
    }

    @Test
    void filterWhenUtf8PathsAllowedThenValidUtf8PassesAndOverlongIsRefused() {
        WebTestClient utf8 = client(new FirewallProperties(true));

        utf8.get()
                .uri(URI.create("http://app.example/caf%C3%A9"))
                .header(HttpHeaders.HOST, "app.example")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("/café");
        utf8.get()
                .uri(URI.create("http://app.example/%C0%AE%C0%AE/x"))
                .header(HttpHeaders.HOST, "app.example")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void filterWhenHostHeaderMissingThenBadRequest() {
        client.get()
                .uri(URI.create("http://app.example/"))
                .headers(headers -> headers.remove(HttpHeaders.HOST))
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void filterWhenHostHeaderDuplicatedThenBadRequest() {
        client.get()
                .uri(URI.create("http://app.example/"))
                .header(HttpHeaders.HOST, "app.example", "other.example")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.example.", "app.example:99999", "app example", "user@app.example", ""})
    void filterWhenHostHeaderInvalidThenBadRequest(String host) {
        client.get()
                .uri(URI.create("http://app.example/"))
                .header(HttpHeaders.HOST, host)
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void filterWhenTargetHasFragmentThenBadRequest() {
        client.get()
                .uri(URI.create("http://app.example/admin#x"))
                .header(HttpHeaders.HOST, "app.example")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }
}
