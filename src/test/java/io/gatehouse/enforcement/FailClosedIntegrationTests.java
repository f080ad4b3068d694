package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.EmbeddedRedisServer;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.TestBrowser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis is stopped and started again under a running Gatehouse: while it is down, protected routes answer
 * 503 and are never passed through, bypass routes keep working; once it is back, service resumes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.redis.embedded=false",
            "gatehouse.redis.timeout=500ms",
            "gatehouse.policy.rules[0].paths=/public/**",
            "gatehouse.policy.rules[0].policy=bypass",
            "gatehouse.policy.rules[1].paths=/reports/**",
            "gatehouse.policy.rules[1].policy=optional"
        })
class FailClosedIntegrationTests {

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    static final Path redisData;
    static final int redisPort;
    static EmbeddedRedisServer redis;

    static {
        try {
            redisData = Files.createTempDirectory("gatehouse-failclosed");
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                redisPort = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        redis = EmbeddedRedisServer.start(redisPort, redisData);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
        registry.add("gatehouse.redis.url", () -> "redis://127.0.0.1:" + redisPort);
    }

    @AfterAll
    static void stopAll() {
        redis.close();
    }

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    io.gatehouse.store.StoreHealth health;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        LegacySiteStubs.formLogin(upstream);
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(1)
                .withRequestBody(containing("next=reports"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "/reports/monthly")
                        .withHeader("Set-Cookie", "LEGACYSESSID=alice-session; Path=/; HttpOnly")));
    }

    @Test
    void requestWhenRedisDownThenProtectedRoutesRefusedBypassRoutesServedAndServiceResumesAfter() {
        TestBrowser browser = new TestBrowser(port);
        browser.postForm("/login", "email", "alice@example.org", "password", "right", "next", "reports");
        assertThat(browser.get("/reports/monthly").status()).isEqualTo(200);

        redis.close();
        // Gatehouse notices within its ping interval; until then a session verified in the last second may
        // still be served from the local cache (the same one-second bound as a revocation).
        awaitDown();
        try {
            TestBrowser.Page protectedPage = browser.get("/reports/monthly");
            assertThat(protectedPage.status()).isEqualTo(503);
            assertThat(protectedPage.body()).contains("temporarily unavailable");
            assertThat(browser.getJson("/reports/data").body()).contains("temporarily_unavailable");
            assertThat(new TestBrowser(port).get("/admin").status()).isEqualTo(503);
            assertThat(new TestBrowser(port)
                            .postForm("/login", "email", "bob@example.org", "password", "right")
                            .status())
                    .isEqualTo(503);
            upstream.verify(0, postRequestedFor(urlPathEqualTo("/login")).withRequestBody(containing("bob")));
            assertThat(browser.get("/public/about").status()).isEqualTo(200);
            upstream.verify(1, getRequestedFor(urlPathEqualTo("/reports/monthly")));
            upstream.verify(0, getRequestedFor(urlPathEqualTo("/reports/data")));
            upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin")));
        } finally {
            redis = EmbeddedRedisServer.start(redisPort, redisData);
        }

        TestBrowser.Page resumed = retry(() -> browser.get("/reports/monthly"));
        assertThat(resumed.status()).isEqualTo(200);
    }

    private void awaitDown() {
        for (int i = 0; i < 100 && health.isUp(); i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(health.isUp()).as("Gatehouse noticed that Redis is down").isFalse();
    }

    /** Lettuce reconnects in the background; give it a few attempts rather than a fixed sleep. */
    private static TestBrowser.Page retry(java.util.function.Supplier<TestBrowser.Page> request) {
        TestBrowser.Page page = request.get();
        for (int i = 0; i < 40 && page.status() == 503; i++) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            page = request.get();
        }
        return page;
    }
}
