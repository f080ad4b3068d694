package io.gatehouse.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gatehouse.GatehouseApplication;
import io.gatehouse.store.EmbeddedRedisServer;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.TestBrowser;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
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
 * Two gateways share one Redis (and one clock the test moves): wrong codes split between them count as one
 * series, so the user is locked out on both after five; a code accepted on one is refused on the other.
 */
class TwoGatewayLockoutIntegrationTests {

    static final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:05Z"));
    static final WireMockServer upstream = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    static EmbeddedRedisServer redis;
    static ConfigurableApplicationContext gatewayA;
    static ConfigurableApplicationContext gatewayB;

    @Configuration(proxyBeanMethods = false)
    static class SharedClock {
        @Bean
        @Primary
        MutableClock sharedTestClock() {
            return clock;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        upstream.start();
        LegacySiteStubs.formLogin(upstream);
        redis = EmbeddedRedisServer.start(0, Files.createTempDirectory("gatehouse-two-gateways-lockout"));
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
        return new SpringApplicationBuilder(GatehouseApplication.class, SharedClock.class,
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
    void wrongCodesWhenSplitBetweenGatewaysThenLockedOnBothAfterFive() {
        String user = "dave-" + UUID.randomUUID() + "@example.org";
        Authenticator app = enroll(user);
        String wrong = "000000".equals(app.code(0)) ? "111111" : "000000";
        TestBrowser onA = new TestBrowser(port(gatewayA));
        assertThat(onA.postForm("/login", "email", user, "password", "right").location()).isEqualTo("/_gatehouse/challenge");
        TestBrowser onB = sameSessionOn(gatewayB, onA);
        String csrf = Authenticator.csrf(onA.get("/_gatehouse/challenge").body());

        for (int i = 1; i <= 4; i++) {
            TestBrowser browser = i % 2 == 1 ? onA : onB;
            assertThat(browser.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", wrong).status())
                    .as("wrong code " + i).isEqualTo(200);
        }
        TestBrowser.Page fifth = onB.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", wrong);

        assertThat(fifth.status()).as("fifth wrong code, on B").isEqualTo(429);
        assertThat(onA.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", app.code(0)).status())
                .as("the right code on A").isEqualTo(429);
        assertThat(onB.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", app.code(0)).status())
                .as("the right code on B").isEqualTo(429);
        assertThat(onA.cookies()).doesNotContainKey("LEGACYSESSID");
        assertThat(onB.cookies()).doesNotContainKey("LEGACYSESSID");
    }

    @Test
    void codeWhenAcceptedOnGatewayAThenRefusedOnGatewayB() {
        String user = "erin-" + UUID.randomUUID() + "@example.org";
        Authenticator app = enroll(user);
        TestBrowser onA = new TestBrowser(port(gatewayA));
        TestBrowser onB = new TestBrowser(port(gatewayB));
        onA.postForm("/login", "email", user, "password", "right");
        onB.postForm("/login", "email", user, "password", "right");
        String code = app.code(0);

        TestBrowser.Page accepted = onA.postForm("/_gatehouse/challenge",
                "_csrf", Authenticator.csrf(onA.get("/_gatehouse/challenge").body()), "code", code);
        TestBrowser.Page replayed = onB.postForm("/_gatehouse/challenge",
                "_csrf", Authenticator.csrf(onB.get("/_gatehouse/challenge").body()), "code", code);

        assertThat(accepted.status()).isEqualTo(303);
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.body()).contains("already been used");
        assertThat(onB.cookies()).doesNotContainKey("LEGACYSESSID");
        assertThat(onB.get("/admin").location()).isEqualTo("/_gatehouse/challenge");
    }

    /** Enrolls on gateway A, then moves the clock past the step that enrollment used. */
    private static Authenticator enroll(String user) {
        TestBrowser browser = new TestBrowser(port(gatewayA));
        browser.postForm("/login", "email", user, "password", "right");
        TestBrowser.Page enroll = browser.get("/_gatehouse/enroll");
        Authenticator app = Authenticator.scan(enroll.body(), clock);
        assertThat(browser.postForm("/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token",
                app.code(0)).status()).isEqualTo(303);
        clock.advance(Duration.ofSeconds(30));
        return app;
    }

    private static TestBrowser sameSessionOn(ConfigurableApplicationContext gateway, TestBrowser browser) {
        TestBrowser other = new TestBrowser(port(gateway));
        browser.cookies().forEach(other::setCookie);
        return other;
    }
}
