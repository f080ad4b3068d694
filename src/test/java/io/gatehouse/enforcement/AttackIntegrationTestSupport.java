package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.TestBrowser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fixture every attack test shares (one Spring context, one Redis, one WireMock upstream): {@code /admin/**}
 * required, {@code /public/**} and {@code /static/**} bypass, {@code /reports/**} optional, reads of
 * {@code /api/**} bypass, everything else required. The upstream's request journal is the oracle: a refused
 * request reaches it zero times, a permitted one exactly once and unchanged.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.policy.rules[0].name=admin",
            "gatehouse.policy.rules[0].paths=/admin/**",
            "gatehouse.policy.rules[0].policy=required",
            "gatehouse.policy.rules[1].paths=/public/**",
            "gatehouse.policy.rules[1].policy=bypass",
            "gatehouse.policy.rules[2].paths=/static/**",
            "gatehouse.policy.rules[2].policy=bypass",
            "gatehouse.policy.rules[3].paths=/reports/**",
            "gatehouse.policy.rules[3].policy=optional",
            "gatehouse.policy.rules[4].name=api-reads",
            "gatehouse.policy.rules[4].paths=/api/**",
            "gatehouse.policy.rules[4].methods=GET",
            "gatehouse.policy.rules[4].policy=bypass"
        })
@Import(AttackIntegrationTestSupport.AttackClock.class)
abstract class AttackIntegrationTestSupport {

    static final WireMockServer upstream = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());

    static {
        upstream.start();
    }

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.upstream.url", upstream::baseUrl);
    }

    @AfterAll
    static void resetUpstream() {
        // The server is shared by every attack class (one cached context); only its stubs are per test.
        upstream.resetAll();
    }

    @TestConfiguration
    static class AttackClock {
        @Bean
        @Primary
        MutableClock attackTestClock() {
            return new MutableClock(Instant.parse("2026-11-28T12:00:05Z"));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void stubLegacySite() {
        upstream.resetAll();
        LegacySiteStubs.formLogin(upstream);
        // "next=reports" signs in to the optional area: a user without a second factor gets a password-only session.
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(1)
                .withRequestBody(containing("next=reports"))
                .withRequestBody(containing("password=right"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "/reports/home")
                        .withHeader("Set-Cookie", "LEGACYSESSID=password-only-session; Path=/; HttpOnly")));
        clock.advance(Duration.ofMinutes(10));
    }

    /** A browser that passed the password but never a second factor, holding a released upstream cookie. */
    TestBrowser passwordOnlyBrowser() {
        TestBrowser browser = new TestBrowser(port);
        String user = "mallory-" + UUID.randomUUID() + "@example.org";
        TestBrowser.Page login = browser.postForm("/login", "email", user, "password", "right", "next", "reports");
        // With several contexts alive on a busy machine the Redis health probe can lag; the fixture waits for it.
        for (int i = 0; i < 40 && login.status() == 503; i++) {
            pause();
            login = browser.postForm("/login", "email", user, "password", "right", "next", "reports");
        }
        assertThat(login.location()).isEqualTo("/reports/home");
        assertThat(browser.cookies())
                .containsEntry("LEGACYSESSID", "password-only-session")
                .containsKey("gatehouse_session");
        upstream.resetRequests();
        return browser;
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The {@code Cookie:} header line a browser would send. */
    static String cookieHeader(TestBrowser browser) {
        StringBuilder header = new StringBuilder("Cookie: ");
        browser.cookies()
                .forEach((name, value) ->
                        header.append(name).append('=').append(value).append("; "));
        return header.substring(0, header.length() - 2);
    }

    static List<LoggedRequest> received() {
        return upstream.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }
}
