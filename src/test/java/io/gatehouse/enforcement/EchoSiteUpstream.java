package io.gatehouse.enforcement;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * A legacy site on Reactor Netty with a WebSocket: a correct password ({@code right}) gets a session cookie named
 * after the user, {@code /logout} clears it, {@code /admin} and {@code /admin/billing} are pages, and
 * {@code /admin/ws} echoes every message ({@code echo:<text>}) to a browser bringing a session cookie. It counts the
 * sockets open on its side.
 */
final class EchoSiteUpstream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EchoSiteUpstream.class);

    private final AtomicInteger openSockets = new AtomicInteger();
    private final DisposableServer server = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(routes -> routes.post(
                            "/login",
                            (request, response) -> request.receive()
                                    .aggregate()
                                    .asString()
                                    .flatMap(body -> {
                                        String form = URLDecoder.decode(body, StandardCharsets.UTF_8);
                                        if (!form.contains("password=right")) {
                                            return response.status(200)
                                                    .sendString(Mono.just("Invalid email or password"))
                                                    .then();
                                        }
                                        String user = form.replaceAll(".*email=([^&]*).*", "$1");
                                        return response.status(302)
                                                .header("Location", "/admin")
                                                .header(
                                                        "Set-Cookie",
                                                        "LEGACYSESSID=session-of-" + user.hashCode()
                                                                + "; Path=/; HttpOnly")
                                                .send()
                                                .then();
                                    }))
                    .get(
                            "/logout",
                            (request, response) -> response.status(302)
                                    .header("Location", "/login")
                                    .header("Set-Cookie", "LEGACYSESSID=; Path=/; Max-Age=0")
                                    .send())
                    .get("/login", (request, response) -> response.sendString(Mono.just("Sign in")))
                    .get("/admin", (request, response) -> response.sendString(Mono.just("Admin dashboard")))
                    .get("/admin/billing", (request, response) -> response.sendString(Mono.just("Billing")))
                    .get("/admin/ws", (request, response) -> {
                        if (!request.requestHeaders().contains("Cookie")
                                || !request.requestHeaders().get("Cookie").contains("LEGACYSESSID=")) {
                            return response.status(401).send();
                        }
                        return response.sendWebsocket(
                                (in, out) -> {
                                    log.info("site: socket opened ({} open)", openSockets.incrementAndGet());
                                    return out.sendString(in.receive()
                                                    .asString()
                                                    .doOnNext(text -> log.info("site: received {}", text))
                                                    .map(text -> "echo:" + text))
                                            .then()
                                            .doFinally(signal -> log.info(
                                                    "site: socket closed ({} open)", openSockets.decrementAndGet()));
                                },
                                WebsocketServerSpec.builder().build());
                    }))
            .bindNow();

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Sockets the site has open now (each closes when Gatehouse closes its end of the proxied pair). */
    int openSockets() {
        return openSockets.get();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
