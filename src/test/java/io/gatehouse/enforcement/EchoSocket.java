package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.support.TestBrowser;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A browser's WebSocket to {@code /admin/ws} through a gateway, held open until the server closes it: the test sends
 * messages, reads the echoes, and sees whether and how it was closed.
 */
final class EchoSocket implements AutoCloseable {

    private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();
    private final List<String> replies = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<CloseStatus> status = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean handshaken = new AtomicBoolean();
    private final Disposable connection;

    private EchoSocket(int port, TestBrowser browser) {
        HttpHeaders headers = new HttpHeaders();
        StringBuilder cookie = new StringBuilder();
        browser.cookies()
                .forEach((name, value) -> cookie.append(cookie.isEmpty() ? "" : "; ")
                        .append(name)
                        .append('=')
                        .append(value));
        headers.set(HttpHeaders.COOKIE, cookie.toString());
        headers.set(HttpHeaders.ORIGIN, "http://127.0.0.1");
        connection = new ReactorNettyWebSocketClient()
                .execute(URI.create("ws://127.0.0.1:" + port + "/admin/ws"), headers, session -> {
                    handshaken.set(true);
                    session.closeStatus().subscribe(status::set);
                    Mono<Void> send = session.send(outgoing.asFlux().map(session::textMessage));
                    Mono<Void> receive = session.receive()
                            .map(WebSocketMessage::getPayloadAsText)
                            .doOnNext(replies::add)
                            .then();
                    // The server closing ends the conversation; our side only ever sends.
                    return Mono.firstWithSignal(send, receive);
                })
                .doFinally(signal -> closed.set(true))
                .subscribe(null, failure::set);
    }

    /** Opens the socket with {@code browser}'s cookies and checks that it echoes. */
    static EchoSocket open(int port, TestBrowser browser) {
        EchoSocket socket = new EchoSocket(port, browser);
        for (int reconnects = 0; ; reconnects++) {
            try {
                socket.assertEchoes("hello");
                return socket;
            } catch (AssertionError | org.awaitility.core.ConditionTimeoutException stalled) {
                // Known open problem (closing notes of the WebSocket work and of issue 18): now and then a socket
                // opened through a gateway that has just closed another one gets no echo, although the site has
                // opened its end. A page reconnects; so does this test, up to twice, and says so each time.
                if (reconnects == 2) {
                    throw stalled;
                }
                System.err.println("EchoSocket: no echo on a new socket, reconnecting: " + stalled.getMessage());
                socket.close();
                socket = new EchoSocket(port, browser);
            }
        }
    }

    /** Sends {@code text} and waits (boundedly) for its echo. */
    void assertEchoes(String text) {
        outgoing.tryEmitNext(text);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(replies)
                        .as(
                                "echoes (handshake done: %s, closed: %s, status: %s, failure: %s)",
                                handshaken.get(), closed.get(), status.get(), failure.get())
                        .contains("echo:" + text));
    }

    boolean isClosed() {
        return closed.get();
    }

    /** The close code the server sent, if it sent one. */
    CloseStatus closeStatus() {
        return status.get();
    }

    @Override
    public void close() {
        connection.dispose();
    }
}
