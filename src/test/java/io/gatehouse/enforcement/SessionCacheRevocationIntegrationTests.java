package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.session.VerifiedSessionCache;
import io.gatehouse.support.TestBrowser;
import io.gatehouse.support.TwoGateways;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
    static TwoGateways gateways;

    @Configuration(proxyBeanMethods = false)
    static class ManualTicker {
        @Bean
        @Primary
        VerifiedSessionCache manualTickerSessionCache() {
            return new VerifiedSessionCache(Duration.ofSeconds(1), ticker::get);
        }
    }

    @BeforeAll
    static void start() {
        gateways = TwoGateways.start(LegacySiteStubs::formLogin, List.of(ManualTicker.class));
    }

    @AfterAll
    static void stop() {
        gateways.close();
    }

    @Test
    void logoutOnGatewayAWhenBrowserAlsoUsesGatewayBThenBothRefuseWithinTheCacheBound() {
        TestBrowser onA = gateways.a().browser();
        gateways.a().enroll(onA, "alice-" + UUID.randomUUID() + "@example.org", gateways.clock());
        assertThat(onA.get("/admin").status()).isEqualTo(200);

        // The same browser's cookies, sent to the other gateway: one session, shared through Redis.
        TestBrowser onB = gateways.b().sameSessionAs(onA);
        assertThat(onB.get("/admin").status()).isEqualTo(200);

        onA.get("/logout");
        onA.cookies().clear();
        onB.cookies().forEach(onA::setCookie);
        assertThat(onA.get("/admin").status())
                .as("gateway A, which saw the logout")
                .isEqualTo(303);

        ticker.addAndGet(Duration.ofSeconds(1).toNanos());
        TestBrowser.Page afterBound = onB.get("/admin");
        assertThat(afterBound.status()).as("gateway B, one second later").isEqualTo(303);
        assertThat(afterBound.location()).isEqualTo("/login");
    }
}
