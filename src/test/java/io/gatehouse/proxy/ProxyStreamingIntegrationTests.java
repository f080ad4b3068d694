package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Streaming through the gateway: large bodies pass byte-identical without being held whole, Server-Sent
 * Events arrive one by one, and WebSocket upgrades reach the upstream. Each streaming test makes the
 * upstream (or the client) wait for the other side to see the first part before sending the rest, so a
 * gateway that buffered whole bodies would stall and fail the test instead of passing slowly.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            // Transparency is tested on its own here; enforcement has its own tests.
            "gatehouse.policy.default=bypass"
        })
class ProxyStreamingIntegrationTests {

    static final int SIZE = 50 * 1024 * 1024;
    static final int CHUNK = 64 * 1024;
    static final Duration LIMIT = Duration.ofSeconds(60);

    static volatile CompletableFuture<Void> upstreamSawFirstUploadBytes = new CompletableFuture<>();
    static volatile CompletableFuture<Void> clientSawFirstDownloadBytes = new CompletableFuture<>();
    static volatile CompletableFuture<Void> clientSawFirstEvent = new CompletableFuture<>();

    static final DisposableServer upstream = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(routes -> routes.post("/upload", (request, response) -> {
                        MessageDigest digest = sha256();
                        Mono<String> hash = request.receive()
                                // Map each buffer to its size here: Reactor Netty releases the buffers itself.
                                .map(buffer -> {
                                    upstreamSawFirstUploadBytes.complete(null);
                                    digest.update(buffer.nioBuffer());
                                    return buffer.readableBytes();
                                })
                                .then(Mono.fromSupplier(() -> HexFormat.of().formatHex(digest.digest())));
                        return response.sendString(hash);
                    })
                    .get(
                            "/download",
                            (request, response) -> response.header("Content-Type", "application/octet-stream")
                                    .send(Flux.concat(
                                            Flux.just(Unpooled.wrappedBuffer(chunk(0))),
                                            Mono.fromFuture(() -> clientSawFirstDownloadBytes)
                                                    .thenMany(Flux.range(1, SIZE / CHUNK - 1)
                                                            .map(i -> Unpooled.wrappedBuffer(chunk(i)))))))
                    .get(
                            "/events",
                            (request, response) -> response.header("Content-Type", "text/event-stream")
                                    .sendString(Flux.concat(
                                            Mono.just("id: 1\ndata: first\n\n"),
                                            Mono.fromFuture(() -> clientSawFirstEvent)
                                                    .thenReturn("id: 2\ndata: second\n\n"))))
                    .ws(
                            "/ws",
                            (in, out) -> out.sendString(in.receive().asString().map(text -> "echo:" + text)),
                            reactor.netty.http.server.WebsocketServerSpec.builder()
                                    .build()))
            .bindNow();

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.upstream.url", () -> "http://127.0.0.1:" + upstream.port());
    }

    @AfterAll
    static void stopUpstream() {
        upstream.disposeNow();
    }

    @LocalServerPort
    int port;

    WebClient client;

    @BeforeEach
    void setUp() {
        upstreamSawFirstUploadBytes = new CompletableFuture<>();
        clientSawFirstDownloadBytes = new CompletableFuture<>();
        clientSawFirstEvent = new CompletableFuture<>();
        client = WebClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
                .build();
    }

    @Test
    void uploadWhen50MegabytesThenUpstreamReceivesIdenticalBytesWhileClientIsStillSending() {
        DefaultDataBufferFactory factory = DefaultDataBufferFactory.sharedInstance;
        Flux<DataBuffer> body = Flux.concat(
                Mono.fromSupplier(() -> factory.wrap(chunk(0))),
                // The rest is only sent once the upstream has the first chunk: no whole-body buffering.
                Mono.fromFuture(() -> upstreamSawFirstUploadBytes)
                        .thenMany(Flux.range(1, SIZE / CHUNK - 1).map(i -> factory.wrap(chunk(i)))));

        String upstreamHash = client.post()
                .uri("/upload")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(body, DataBuffer.class)
                .retrieve()
                .bodyToMono(String.class)
                .block(LIMIT);

        assertThat(upstreamHash).isEqualTo(expectedHash());
    }

    @Test
    void downloadWhen50MegabytesChunkedThenClientReceivesIdenticalBytesWhileUpstreamIsStillSending() {
        MessageDigest digest = sha256();
        long[] total = {0};
        client.get()
                .uri("/download")
                .retrieve()
                .bodyToFlux(DataBuffer.class)
                .doOnNext(buffer -> {
                    total[0] += buffer.readableByteCount();
                    ByteBuffer nio = ByteBuffer.allocate(buffer.readableByteCount());
                    buffer.toByteBuffer(nio);
                    digest.update(nio);
                    DataBufferUtils.release(buffer);
                    clientSawFirstDownloadBytes.complete(null);
                })
                .then()
                .block(LIMIT);

        assertThat(total[0]).isEqualTo(SIZE);
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(expectedHash());
    }

    @Test
    void serverSentEventsWhenUpstreamStreamsThenEachEventArrivesBeforeTheStreamEnds() {
        List<String> events = client.get()
                .uri("/events")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .doOnNext(event -> clientSawFirstEvent.complete(null))
                .map(ServerSentEvent::data)
                .collectList()
                .block(Duration.ofSeconds(20));

        assertThat(events).containsExactly("first", "second");
    }

    @Test
    void webSocketWhenUpgradeRequestedThenMessagesFlowBothWaysThroughGateway() {
        List<String> replies = new CopyOnWriteArrayList<>();
        new ReactorNettyWebSocketClient()
                .execute(
                        java.net.URI.create("ws://127.0.0.1:" + port + "/ws"),
                        session -> session.send(Flux.just("hello", "again").map(session::textMessage))
                                .thenMany(session.receive()
                                        .map(WebSocketMessage::getPayloadAsText)
                                        .take(2)
                                        .doOnNext(replies::add))
                                .then())
                .block(Duration.ofSeconds(20));

        assertThat(replies).containsExactly("echo:hello", "echo:again");
    }

    private static byte[] chunk(int index) {
        byte[] bytes = new byte[CHUNK];
        new Random(index).nextBytes(bytes);
        return bytes;
    }

    private static String expectedHash() {
        MessageDigest digest = sha256();
        for (int i = 0; i < SIZE / CHUNK; i++) {
            digest.update(chunk(i));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
