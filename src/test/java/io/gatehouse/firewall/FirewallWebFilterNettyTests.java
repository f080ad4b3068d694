package io.gatehouse.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.config.FirewallProperties;
import io.gatehouse.web.ExchangeAttributes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The firewall behind a real Reactor Netty server, fed raw request lines over a socket: ordinary HTTP
 * clients normalise paths, so only this shows what actually reaches the filter.
 */
class FirewallWebFilterNettyTests {

    private static DisposableServer server;

    @BeforeAll
    static void startServer() {
        WebHandler echo = exchange -> {
            String path = exchange.getAttribute(ExchangeAttributes.CANONICAL_PATH);
            exchange.getResponse().setStatusCode(HttpStatus.OK);
            byte[] body = ("path=" + path).getBytes(StandardCharsets.UTF_8);
            return exchange.getResponse()
                    .writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(body)));
        };
        HttpHandler handler = WebHttpHandlerBuilder.webHandler(echo)
                .filter(new FirewallWebFilter(FirewallProperties.defaults()))
                .build();
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle(new ReactorHttpHandlerAdapter(handler))
                .bindNow();
    }

    @AfterAll
    static void stopServer() {
        server.disposeNow();
    }

    @Test
    void filterWhenOriginFormIsCanonicalThenHandlerSeesDecodedPath() throws IOException {
        String response = send("GET /x%20y/admin?q=%2F HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200").endsWith("path=/x y/admin");
    }

    @Test
    void filterWhenAbsoluteFormNamesTheHostThenPasses() throws IOException {
        String response =
                send("GET http://app.example/admin HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200").endsWith("path=/admin");
    }

    @Test
    void filterWhenAbsoluteFormNamesAnotherHostThenBadRequest() throws IOException {
        // Spring's URI keeps only "/admin" and the Host header's host; the foreign host is only on the request line.
        String response = send("GET http://other.example/admin HTTP/1.1\r\nHost: app.example\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400").endsWith("Bad request\n");
    }

    @Test
    void filterWhenHostHeaderMissingThenBadRequest() throws IOException {
        assertThat(send("GET /admin HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(send("GET /admin HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.0 400");
    }

    @Test
    void filterWhenHostHeaderDuplicatedThenBadRequest() throws IOException {
        assertThat(send("GET /admin HTTP/1.1\r\nHost: app.example\r\nHost: other.example\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
    }

    @Test
    void filterWhenRefusedThenNoStoreAndConnectionClosed() throws IOException {
        // No "Connection: close" from the client: send() only returns because the server closes.
        String response = send("GET /admin/..;/x HTTP/1.1\r\nHost: app.example\r\n\r\n");

        assertThat(response)
                .startsWith("HTTP/1.1 400")
                .containsIgnoringCase("cache-control: no-store")
                .containsIgnoringCase("connection: close")
                .endsWith("Bad request\n");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/a%2Fb",
                "/a%5Cb",
                "/a/../b",
                "/%2e%2e/admin",
                "//admin",
                "/admin;jsessionid=x",
                "/%252e%252e/x",
                "/a%00b",
                "/a%80",
                "/admin.",
                "/admin%20",
                "/a%zz",
                "/a%2",
                "/search?q=%zz",
                "/a\\b",
                "/a\\..\\b",
                "*",
                "admin",
                "/a#b",
                "/a%C0%AE"
            })
    void filterWhenTargetIsAmbiguousThenBadRequest(String target) throws IOException {
        // Some of these (malformed escapes, raw '\') Spring already refuses when it builds the URI; the
        // assertion is about what the client sees, whoever answers.
        String response = send("GET " + target + " HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400");
    }

    @Test
    void filterWhenRawNonAsciiBytesThenBadRequest() throws IOException {
        byte[] head = "GET /caf".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = " HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(head);
        request.write(0xC3);
        request.write(0xA9);
        request.write(tail);

        assertThat(send(request.toByteArray())).startsWith("HTTP/1.1 400");
    }

    private static String send(String request) throws IOException {
        return send(request.getBytes(StandardCharsets.US_ASCII));
    }

    private static String send(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
