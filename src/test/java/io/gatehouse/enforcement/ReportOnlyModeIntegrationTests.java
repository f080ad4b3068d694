package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.audit.AuditTrail;
import io.gatehouse.metrics.GatehouseMetrics;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.TestBrowser;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code gatehouse.mode: report-only} in front of a form-login site whose every page needs 2FA: nobody is stopped,
 * the upstream sees what it would without Gatehouse, and each would-be enforcement is audited and counted. Enforce
 * mode (the default) is what every other integration test runs in.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.mode=report-only",
            "gatehouse.policy.rules[0].name=secrets",
            "gatehouse.policy.rules[0].paths=/secret/**",
            "gatehouse.policy.rules[0].policy=deny"
        })
class ReportOnlyModeIntegrationTests {

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Autowired
    AuditTrail audit;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        LegacySiteStubs.formLogin(upstream);
    }

    @Test
    void loginWhenUnenrolledUserOnRequiredSiteThenCookiePassesAndWouldBeHoldIsCounted() {
        double held = count("login-held");
        double enrollment = count("enrollment");
        TestBrowser browser = new TestBrowser(port);
        String alice = "alice-" + UUID.randomUUID() + "@example.org";

        TestBrowser.Page login = browser.postForm("/login", "email", alice, "password", "right");

        assertThat(login.status()).isEqualTo(302);
        assertThat(login.location()).isEqualTo("/admin");
        assertThat(login.setCookies()).anyMatch(cookie -> cookie.startsWith("LEGACYSESSID=alice-session"));
        TestBrowser.Page admin = browser.get("/admin");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body()).contains("Admin dashboard");
        upstream.verify(
                1, getRequestedFor(urlPathEqualTo("/admin")).withCookie("LEGACYSESSID", equalTo("alice-session")));
        assertThat(count("login-held")).isEqualTo(held + 1);
        assertThat(count("enrollment")).isEqualTo(enrollment + 1);
        List<Map<String, String>> events = audit.recent(alice, 20).block();
        assertThat(events)
                .filteredOn(event -> "report-only.would-enforce".equals(event.get("type")))
                .extracting(event -> event.get("json"))
                .anyMatch(json -> json.contains("\"reason\":\"login-held\""))
                .anyMatch(json -> json.contains("\"reason\":\"enrollment\"") && json.contains("/admin"));
        // Voluntary enrollment stays open: the account page answers the signed-in user.
        assertThat(browser.get("/_gatehouse/account").status()).isEqualTo(200);
    }

    @Test
    void requestWhenForeignCookieOrDenyRuleThenPassedThroughAndCounted() {
        double cookie = count("unreleased-cookie");
        double deny = count("deny");
        TestBrowser browser = new TestBrowser(port);
        browser.setCookie("LEGACYSESSID", "someone-elses-session");

        assertThat(browser.get("/admin").status()).isEqualTo(200);
        assertThat(browser.cookies()).containsEntry("LEGACYSESSID", "someone-elses-session");
        assertThat(browser.get("/secret/plans").status()).isEqualTo(200);

        upstream.verify(
                1,
                getRequestedFor(urlPathEqualTo("/admin")).withCookie("LEGACYSESSID", equalTo("someone-elses-session")));
        upstream.verify(1, getRequestedFor(urlPathEqualTo("/secret/plans")));
        assertThat(count("unreleased-cookie")).isEqualTo(cookie + 1);
        assertThat(count("deny")).isGreaterThanOrEqualTo(deny + 1);
    }

    @Test
    void requestWhenTargetAmbiguousThenFirewallStillRefuses() {
        assertThat(new TestBrowser(port).get("/admin;jsessionid=x").status()).isEqualTo(400);
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin;jsessionid=x")));
    }

    @Test
    void verifyWhenForwardAuthNotEnabledThenNotFound() {
        assertThat(new TestBrowser(port)
                        .get("/_gatehouse/verify", headers -> headers.set("X-Original-URI", "/admin"))
                        .status())
                .isEqualTo(404);
    }

    private double count(String reason) {
        return registry.get(GatehouseMetrics.REPORT_ONLY)
                .tag("reason", reason)
                .counter()
                .count();
    }
}
