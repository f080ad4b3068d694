package io.gatehouse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.enforcement.LegacySiteStubsAccess;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.FixedClockConfiguration;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.TestBrowser;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A user enrolls, then signs in and fails, passes and replays the challenge; the counters on the management
 * port's {@code /actuator/prometheus} say exactly that, next to the gateway's request timer and Redis command
 * latencies.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.policy.rules[0].name=public pages",
            "gatehouse.policy.rules[0].paths=/public/**",
            "gatehouse.policy.rules[0].policy=bypass"
        })
@Import(FixedClockConfiguration.class)
class MetricsIntegrationTests {

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    static {
        LegacySiteStubsAccess.formLogin(upstream);
    }

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    MutableClock clock;

    @Test
    void prometheusWhenUserEnrollsAndAnswersChallengesThenCountersShowEachOutcome() {
        String alice = "alice-" + UUID.randomUUID() + "@example.org";
        TestBrowser enrolling = new TestBrowser(port);
        enrolling.postForm("/login", "email", alice, "password", "right");
        Authenticator app = Authenticator.enroll(enrolling, clock);
        clock.advance(Duration.ofSeconds(30));

        TestBrowser browser = new TestBrowser(port);
        browser.postForm("/login", "email", alice, "password", "right");
        String csrf = Authenticator.csrf(browser.get("/_gatehouse/challenge").body());
        String wrong = "000000".equals(app.code(0)) ? "111111" : "000000";
        assertThat(browser.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", wrong)
                        .status())
                .isEqualTo(200);
        assertThat(browser.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", app.code(0))
                        .status())
                .isEqualTo(303);
        assertThat(browser.get("/admin").status()).isEqualTo(200);

        TestBrowser second = new TestBrowser(port);
        second.postForm("/login", "email", alice, "password", "right");
        String secondCsrf =
                Authenticator.csrf(second.get("/_gatehouse/challenge").body());
        second.postForm("/_gatehouse/challenge", "_csrf", secondCsrf, "code", app.code(0));

        new TestBrowser(port).get("/public/about");
        new TestBrowser(port).get("/public/help");

        String first = scrape();
        String metrics = scrape();

        assertThat(value(metrics, "gatehouse_challenges_total{outcome=\"accepted\"}"))
                .isEqualTo(1);
        assertThat(value(metrics, "gatehouse_challenges_total{outcome=\"invalid\"}"))
                .isEqualTo(1);
        assertThat(value(metrics, "gatehouse_challenges_total{outcome=\"replayed\"}"))
                .isEqualTo(1);
        assertThat(value(metrics, "gatehouse_challenges_total{outcome=\"locked\"}"))
                .isZero();
        assertThat(value(metrics, "gatehouse_challenges_total{outcome=\"recovery-accepted\"}"))
                .isZero();
        assertThat(value(metrics, "gatehouse_enrollments_total")).isEqualTo(1);
        assertThat(value(metrics, "gatehouse_deactivations_total{actor=\"self\"}"))
                .isZero();
        assertThat(value(metrics, "gatehouse_deactivations_total{actor=\"admin\"}"))
                .isZero();
        assertThat(value(metrics, "gatehouse_lockouts_total{scope=\"user\"}")).isZero();
        assertThat(value(metrics, "gatehouse_policy_decisions_total{mode=\"bypass\",rule=\"public pages\"}"))
                .isEqualTo(2);
        assertThat(value(metrics, "gatehouse_policy_decisions_total{mode=\"required\",rule=\"default\"}"))
                .isPositive()
                .as("scrapes on the management port are not policy decisions")
                .isEqualTo(value(first, "gatehouse_policy_decisions_total{mode=\"required\",rule=\"default\"}"));
        assertThat(metrics)
                .containsPattern("spring_cloud_gateway_requests_seconds_count\\{[^}]*httpStatusCode=\"200\"")
                .contains("spring_cloud_gateway_requests_seconds_bucket{")
                .containsPattern("lettuce_command_completion_seconds_count\\{[^}]*command=\"EVALSHA\"")
                .containsPattern("lettuce_command_completion_seconds_max\\{[^}]*command=\"EVALSHA\"");
    }

    private String scrape() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + managementPort)
                .build()
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    /** The sample's value, e.g. {@code gatehouse_enrollments_total 1.0}; fails when the sample is missing. */
    private static double value(String exposition, String sample) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(sample) + " ([0-9.eE+-]+)$")
                .matcher(exposition);
        assertThat(matcher.find()).as(sample + " in\n" + exposition).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
