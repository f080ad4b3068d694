package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.gatehouse.GatehouseApplication;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.TestBrowser;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * {@code X-Forwarded-For} is the client's word unless the socket belongs to a proxy named in
 * {@code spring.cloud.gateway.server.webflux.trusted-proxies}. Two gateways on one upstream: one with the
 * default (no trusted proxies), one trusting 127.0.0.1 as its front proxy. The per-client-address lockout
 * (three failures here) is the oracle for which address Gatehouse counts.
 */
class ForwardedAddressAttackIntegrationTests {

    static final WireMockServer upstream = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    static final String WRONG_CODE = "000000";
    static ConfigurableApplicationContext untrusting;
    static ConfigurableApplicationContext trustingLoopback;

    @BeforeAll
    static void start() {
        upstream.start();
        LegacySiteStubs.formLogin(upstream);
        untrusting = gateway();
        trustingLoopback = gateway("--spring.cloud.gateway.server.webflux.trusted-proxies=127\\.0\\.0\\.1");
    }

    @AfterAll
    static void stop() {
        untrusting.close();
        trustingLoopback.close();
        upstream.stop();
    }

    private static ConfigurableApplicationContext gateway(String... extra) {
        String[] arguments = new String[4 + extra.length];
        arguments[0] = "--gatehouse.config=src/test/resources/gatehouse-test.yml";
        arguments[1] = "--gatehouse.upstream.url=" + upstream.baseUrl();
        arguments[2] = "--gatehouse.lockout.per-ip.max-failures=3";
        arguments[3] = "--gatehouse.policy.rules[0].paths=/public/**";
        System.arraycopy(extra, 0, arguments, 4, extra.length);
        String[] withBypass = java.util.Arrays.copyOf(arguments, arguments.length + 1);
        withBypass[arguments.length] = "--gatehouse.policy.rules[0].policy=bypass";
        return new SpringApplicationBuilder(
                        GatehouseApplication.class, io.gatehouse.support.IsolatedReactorResources.class)
                .run(withBypass);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    @DisplayName("Untrusted client: X-Forwarded-For never reaches the upstream")
    void forwardedForWhenNoTrustedProxiesThenNotForwarded() {
        upstream.resetRequests();
        new TestBrowser(port(untrusting))
                .get("/public/page", headers -> headers.set("X-Forwarded-For", "203.0.113.66"));

        LoggedRequest forwarded = upstream.findAll(getRequestedFor(urlPathEqualTo("/public/page")))
                .get(0);
        assertThat(forwarded.getHeaders().all())
                .noneMatch(header -> header.values().stream().anyMatch(value -> value.contains("203.0.113.66")));
    }

    @Test
    @DisplayName("Untrusted client: a new X-Forwarded-For per attempt does not escape the per-address lockout")
    void wrongCodesWhenEachClaimsAnotherAddressAndNoTrustedProxiesThenSocketAddressLockedOut() {
        TestBrowser browser = challenged(port(untrusting));
        String csrf = Authenticator.csrf(browser.get("/_gatehouse/challenge").body());

        for (int i = 1; i <= 3; i++) {
            assertThat(wrongCode(browser, csrf, "203.0.113." + i).status())
                    .as("attempt " + i)
                    .isEqualTo(200);
        }
        TestBrowser.Page fourth = wrongCode(browser, csrf, "203.0.113.4");

        assertThat(fourth.status())
                .as("all four counted against the socket's address")
                .isEqualTo(429);
    }

    @Test
    @DisplayName("Trusted front proxy: the forwarded client address is what lockouts count")
    void wrongCodesWhenFromTrustedProxyThenForwardedAddressCounted() {
        int port = port(trustingLoopback);
        upstream.resetRequests();
        new TestBrowser(port).get("/public/page", headers -> headers.set("X-Forwarded-For", "198.51.100.7"));
        // Spring Cloud Gateway 5.0 passes on only the hops that match trusted-proxies, then appends the peer's.
        assertThat(upstream.findAll(getRequestedFor(urlPathEqualTo("/public/page")))
                        .get(0)
                        .getHeader("X-Forwarded-For"))
                .isEqualTo("127.0.0.1");

        TestBrowser browser = challenged(port);
        String csrf = Authenticator.csrf(browser.get("/_gatehouse/challenge").body());
        for (int i = 1; i <= 3; i++) {
            assertThat(wrongCode(browser, csrf, "198.51.100.1").status())
                    .as("attempt " + i)
                    .isEqualTo(200);
        }
        TestBrowser.Page lockedAddress = wrongCode(browser, csrf, "198.51.100.1");
        // Another user, so that only the address differs from the locked attempt, not the user's own count.
        TestBrowser other = challenged(port);
        TestBrowser.Page otherAddress = wrongCode(
                other, Authenticator.csrf(other.get("/_gatehouse/challenge").body()), "198.51.100.2");

        assertThat(lockedAddress.status())
                .as("198.51.100.1 used up its three failures")
                .isEqualTo(429);
        assertThat(otherAddress.status()).as("198.51.100.2 is another client").isEqualTo(200);
    }

    /** An enrolled user, signed in again with the password, at the challenge; whose right code is never 000000. */
    private static TestBrowser challenged(int port) {
        String user = "carol-" + UUID.randomUUID() + "@example.org";
        TestBrowser enrolling = new TestBrowser(port);
        enrolling.postForm("/login", "email", user, "password", "right");
        TestBrowser.Page enroll = enrolling.get("/_gatehouse/enroll");
        Authenticator app = Authenticator.scan(enroll.body(), Clock.systemUTC());
        if (WRONG_CODE.equals(app.code(0)) || WRONG_CODE.equals(app.code(1))) {
            return challenged(port);
        }
        assertThat(enrolling
                        .postForm(
                                "/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", app.code(0))
                        .status())
                .isEqualTo(303);

        TestBrowser browser = new TestBrowser(port);
        assertThat(browser.postForm("/login", "email", user, "password", "right")
                        .location())
                .isEqualTo("/_gatehouse/challenge");
        return browser;
    }

    private static TestBrowser.Page wrongCode(TestBrowser browser, String csrf, String forwardedFor) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("_csrf", csrf);
        form.add("code", WRONG_CODE);
        return browser.request(
                HttpMethod.POST,
                "/_gatehouse/challenge",
                MediaType.TEXT_HTML,
                MediaType.APPLICATION_FORM_URLENCODED,
                form,
                headers -> headers.set("X-Forwarded-For", forwardedFor));
    }
}
