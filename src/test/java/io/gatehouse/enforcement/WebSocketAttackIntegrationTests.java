package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gatehouse.support.Authenticator;
import io.gatehouse.support.TestBrowser;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * A WebSocket endpoint on a protected path ({@code /admin/ws}) of a Reactor Netty upstream that counts the handshakes
 * it sees. An upgrade with a password-only session or carrying another user's upstream cookie is refused by Gatehouse
 * and never reaches the upstream; one without any session reaches it without a session cookie (the application's own
 * login refuses it); a verified session's upgrade echoes both ways.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.policy.rules[0].paths=/admin/**",
            "gatehouse.policy.rules[0].policy=required"
        })
class WebSocketAttackIntegrationTests {

    static final AtomicInteger upgrades = new AtomicInteger();
    static final AtomicInteger handshakesWithoutSession = new AtomicInteger();

    /** A legacy site: a correct password gets a session cookie named after the user; /admin/ws echoes. */
    static final DisposableServer upstream = HttpServer.create()
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
                    .get("/admin", (request, response) -> response.sendString(Mono.just("Admin dashboard")))
                    .route(request -> request.uri().startsWith("/admin/ws"), (request, response) -> {
                        // Like the legacy app itself: no session cookie, no upgrade.
                        if (!request.requestHeaders().contains("Cookie")
                                || !request.requestHeaders().get("Cookie").contains("LEGACYSESSID=")) {
                            handshakesWithoutSession.incrementAndGet();
                            return response.status(401).send();
                        }
                        return response.sendWebsocket(
                                (in, out) -> {
                                    upgrades.incrementAndGet();
                                    return out.sendString(
                                            in.receive().asString().map(text -> "echo:" + text));
                                },
                                WebsocketServerSpec.builder().build());
                    }))
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

    @BeforeEach
    void reset() {
        upgrades.set(0);
        handshakesWithoutSession.set(0);
    }

    /** Like any anonymous request on a protected route, it never reaches the upstream (the browser is sent to sign in). */
    @Test
    void upgradeWhenNoSessionThenRefusedAndUpstreamNeverUpgrades() {
        assertRefused(new HttpHeaders());
        assertThat(handshakesWithoutSession).hasValue(0);
        assertThat(upgrades).hasValue(0);
    }

    @Test
    void upgradeWhenPasswordOnlySessionThenRefusedAndUpstreamNeverUpgrades() {
        TestBrowser browser = new TestBrowser(port);
        browser.postForm("/login", "email", "mallory-" + UUID.randomUUID() + "@example.org", "password", "right");
        assertThat(browser.cookies()).containsKey("gatehouse_session");

        assertRefused(cookies(browser));
    }

    @Test
    void upgradeWhenVerifiedSessionCarriesAnotherUsersUpstreamCookieThenRefusedAndUpstreamNeverUpgrades() {
        TestBrowser alice = verified("alice-" + UUID.randomUUID() + "@example.org");
        TestBrowser bob = verified("bob-" + UUID.randomUUID() + "@example.org");
        assertThat(alice.cookies().get("LEGACYSESSID"))
                .isNotEqualTo(bob.cookies().get("LEGACYSESSID"));

        bob.setCookie("LEGACYSESSID", alice.cookies().get("LEGACYSESSID"));

        assertRefused(cookies(bob));
    }

    @Test
    void upgradeWhenVerifiedSessionThenMessagesEchoThroughGateway() {
        TestBrowser alice = verified("alice-" + UUID.randomUUID() + "@example.org");

        assertThat(echo(cookies(alice))).containsExactly("echo:hello", "echo:again");
        assertThat(upgrades).hasValue(1);
    }

    private void assertRefused(HttpHeaders headers) {
        List<String> replies = new CopyOnWriteArrayList<>();
        Throwable refused = catchThrowable(() -> replies.addAll(echo(headers)));

        assertThat(refused == null && !replies.isEmpty())
                .as("a conversation took place: %s", replies)
                .isFalse();
        assertThat(upgrades).as("upgrades the upstream accepted").hasValue(0);
        assertThat(handshakesWithoutSession.get() + upgrades.get())
                .as("handshakes the upstream saw")
                .isLessThanOrEqualTo(headers.containsHeader(HttpHeaders.COOKIE) ? 0 : 1);
    }

    private List<String> echo(HttpHeaders headers) {
        List<String> replies = new CopyOnWriteArrayList<>();
        new ReactorNettyWebSocketClient()
                .execute(
                        URI.create("ws://127.0.0.1:" + port + "/admin/ws"),
                        headers,
                        session -> session.send(Flux.just("hello", "again").map(session::textMessage))
                                .thenMany(session.receive()
                                        .map(WebSocketMessage::getPayloadAsText)
                                        .take(2)
                                        .doOnNext(replies::add))
                                .then())
                .block(Duration.ofSeconds(20));
        return replies;
    }

    /** Signs in, enrolls, and returns the browser holding its released upstream cookie. */
    private TestBrowser verified(String user) {
        TestBrowser browser = new TestBrowser(port);
        browser.postForm("/login", "email", user, "password", "right");
        TestBrowser.Page enroll = browser.get("/_gatehouse/enroll");
        Authenticator app = Authenticator.scan(enroll.body(), Clock.systemUTC());
        assertThat(browser.postForm(
                                "/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", app.code(0))
                        .status())
                .isEqualTo(303);
        assertThat(browser.get("/admin").body()).contains("Admin dashboard");
        return browser;
    }

    private static HttpHeaders cookies(TestBrowser browser) {
        HttpHeaders headers = new HttpHeaders();
        StringBuilder cookie = new StringBuilder();
        browser.cookies()
                .forEach((name, value) -> cookie.append(cookie.isEmpty() ? "" : "; ")
                        .append(name)
                        .append('=')
                        .append(value));
        headers.set(HttpHeaders.COOKIE, cookie.toString());
        headers.set(HttpHeaders.ORIGIN, "http://127.0.0.1");
        return headers;
    }
}
