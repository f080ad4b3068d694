package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.EmbeddedRedisServer;
import io.gatehouse.support.TestBrowser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Redis dies in the middle of an observed sign-in: the upstream accepts the password and sets its session cookie,
 * but stops Redis before it answers. The browser gets 503 and none of the upstream's cookies (every
 * {@code Set-Cookie} is checked); once Redis is back, the user simply signs in again.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.redis.embedded=false",
            "gatehouse.redis.timeout=500ms",
            "gatehouse.policy.rules[0].paths=/public/**",
            "gatehouse.policy.rules[0].policy=bypass"
        })
class FailClosedMidLoginIntegrationTests {

    static final Path redisData;
    static final int redisPort;
    static volatile EmbeddedRedisServer redis;
    static final AtomicBoolean stopRedisOnNextLogin = new AtomicBoolean();
    static final AtomicInteger logins = new AtomicInteger();

    static {
        try {
            redisData = Files.createTempDirectory("gatehouse-midlogin");
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                redisPort = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        redis = EmbeddedRedisServer.start(redisPort, redisData);
    }

    static final DisposableServer upstream = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(routes -> routes.post(
                    "/login",
                    (request, response) -> request.receive()
                            .aggregate()
                            .asString()
                            .flatMap(body -> {
                                logins.incrementAndGet();
                                // The password was right; Redis goes away while this answer is on its way to Gatehouse.
                                Mono<Void> maybeStop = stopRedisOnNextLogin.getAndSet(false)
                                        ? Mono.<Void>fromRunnable(() -> redis.close())
                                                .subscribeOn(Schedulers.boundedElastic())
                                        : Mono.empty();
                                return maybeStop.then(response.status(302)
                                        .header("Location", "/admin")
                                        .addHeader(
                                                "Set-Cookie", "LEGACYSESSID=session-after-password; Path=/; HttpOnly")
                                        .addHeader("Set-Cookie", "LEGACYREMEMBER=remember-me; Path=/; HttpOnly")
                                        .send()
                                        .then());
                            })))
            .bindNow();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.upstream.url", () -> "http://127.0.0.1:" + upstream.port());
        registry.add("gatehouse.upstream.session-cookies", () -> "LEGACYSESSID,LEGACY*");
        registry.add("gatehouse.redis.url", () -> "redis://127.0.0.1:" + redisPort);
    }

    @AfterAll
    static void stopAll() {
        upstream.disposeNow();
        redis.close();
    }

    @LocalServerPort
    int port;

    @Test
    void loginWhenRedisDiesBeforeUpstreamAnswersThenUnavailableNoUpstreamCookieAndNextLoginWorks() {
        TestBrowser browser = new TestBrowser(port);
        stopRedisOnNextLogin.set(true);
        TestBrowser.Page interrupted;
        try {
            interrupted = browser.postForm("/login", "email", "frank@example.org", "password", "right");
        } finally {
            redis = EmbeddedRedisServer.start(redisPort, redisData);
        }

        assertThat(logins).as("the upstream did answer the password").hasValue(1);
        assertThat(interrupted.status()).isEqualTo(503);
        assertThat(interrupted.setCookies()).noneMatch(cookie -> cookie.startsWith("LEGACY"));
        assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACY"));
        assertThat(browser.cookies()).doesNotContainKeys("LEGACYSESSID", "LEGACYREMEMBER");

        TestBrowser.Page again = browser.postForm("/login", "email", "frank@example.org", "password", "right");
        for (int i = 0; i < 40 && again.status() == 503; i++) {
            pause();
            again = browser.postForm("/login", "email", "frank@example.org", "password", "right");
        }
        assertThat(again.status()).isEqualTo(303);
        assertThat(again.location()).isEqualTo("/_gatehouse/enroll");
        assertThat(browser.cookies()).containsKey("gatehouse_session").doesNotContainKey("LEGACYSESSID");
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
