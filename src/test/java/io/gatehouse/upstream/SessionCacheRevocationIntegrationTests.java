package io.gatehouse.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gatehouse.GatehouseApplication;
import io.gatehouse.store.EmbeddedRedisServer;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.TestBrowser;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Two gateways share one Redis, each with its one-second cache of verified sessions driven by a ticker the
 * test moves. A logout through gateway A applies on A at once and on B as soon as B's cached copy is one
 * second old; it never outlives that bound.
 */
class SessionCacheRevocationIntegrationTests {

    static final AtomicLong ticker = new AtomicLong();
    static final WireMockServer upstream = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    static EmbeddedRedisServer redis;
    static ConfigurableApplicationContext gatewayA;
    static ConfigurableApplicationContext gatewayB;

    @Configuration(proxyBeanMethods = false)
    static class ManualTicker {
        @Bean
        @Primary
        VerifiedSessionCache manualTickerSessionCache() {
            return new VerifiedSessionCache(Duration.ofSeconds(1), ticker::get);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        upstream.start();
        LegacySiteStubs.formLogin(upstream);
        redis = EmbeddedRedisServer.start(0, Files.createTempDirectory("gatehouse-two-gateways"));
        gatewayA = gateway();
        gatewayB = gateway();
    }

    @AfterAll
    static void stop() {
        gatewayA.close();
        gatewayB.close();
        redis.close();
        upstream.stop();
    }

    private static ConfigurableApplicationContext gateway() {
        return new SpringApplicationBuilder(GatehouseApplication.class, ManualTicker.class,
                io.gatehouse.support.IsolatedReactorResources.class).run(
                "--gatehouse.config=src/test/resources/gatehouse-test.yml",
                "--gatehouse.redis.embedded=false",
                "--gatehouse.redis.url=redis://127.0.0.1:" + redis.port(),
                "--gatehouse.upstream.url=" + upstream.baseUrl());
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void logoutOnGatewayAWhenBrowserAlsoUsesGatewayBThenBothRefuseWithinTheCacheBound() {
        TestBrowser onA = new TestBrowser(port(gatewayA));
        String user = "alice-" + UUID.randomUUID() + "@example.org";
        onA.postForm("/login", "email", user, "password", "right");
        TestBrowser.Page enroll = onA.get("/_gatehouse/enroll");
        Authenticator app = Authenticator.scan(enroll.body(), Clock.systemUTC());
        onA.postForm("/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", app.code(0));
        assertThat(onA.get("/admin").status()).isEqualTo(200);

        // The same browser's cookies, sent to the other gateway: one session, shared through Redis.
        TestBrowser onB = new TestBrowser(port(gatewayB));
        onA.cookies().forEach(onB::setCookie);
        assertThat(onB.get("/admin").status()).isEqualTo(200);

        onA.get("/logout");
        onA.cookies().clear();
        onB.cookies().forEach(onA::setCookie);
        assertThat(onA.get("/admin").status()).as("gateway A, which saw the logout").isEqualTo(303);

        ticker.addAndGet(Duration.ofSeconds(1).toNanos());
        TestBrowser.Page afterBound = onB.get("/admin");
        assertThat(afterBound.status()).as("gateway B, one second later").isEqualTo(303);
        assertThat(afterBound.location()).isEqualTo("/login");
    }
}
