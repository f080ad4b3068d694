package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.TestBrowser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A site that keeps its session id at login ({@code cookie-set: false}, with the identity probe the documentation
 * asks for): the attacker signs the victim in, with the victim's password, into the anonymous session the attacker's
 * browser already holds. Gatehouse holds that cookie for the victim's second factor, but the browser has it anyway:
 * on a bypass route the site then answers the attacker as the victim, without a second factor.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.upstream.session-cookies=PHPSESSID",
            "gatehouse.upstream.login.success.status=302",
            "gatehouse.upstream.login.success.location-matches=^/home",
            "gatehouse.upstream.login.success.cookie-set=false",
            "gatehouse.upstream.identity.path=/api/me",
            "gatehouse.upstream.identity.json-pointer=/user",
            "gatehouse.policy.rules[0].paths=/public/**",
            "gatehouse.policy.rules[0].policy=bypass"
        })
class KeptSessionIdBypassRouteIntegrationTests {

    private static final String ANONYMOUS_ID = "anon-0123456789";
    private static final String VICTIM_ONLY = "VICTIM-ONLY: signed in as victim@example.org";

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        upstream.stubFor(any(anyUrl())
                .atPriority(20)
                .willReturn(aResponse().withStatus(200).withBody("page")));
        // A new visitor on a public page gets an anonymous session, as PHP's session_start() gives one.
        upstream.stubFor(get(urlPathEqualTo("/public/welcome"))
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("hello visitor")
                        .withHeader("Set-Cookie", "PHPSESSID=" + ANONYMOUS_ID + "; Path=/")));
        // The victim's password with that session: the site keeps the id and marks it as the victim's.
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(1)
                .inScenario("site")
                .whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("victim"))
                .withCookie("PHPSESSID", equalTo(ANONYMOUS_ID))
                .willReturn(aResponse().withStatus(302).withHeader("Location", "/home"))
                .willSetStateTo("victim signed in"));
        upstream.stubFor(get(urlPathEqualTo("/api/me"))
                .atPriority(1)
                .inScenario("site")
                .whenScenarioStateIs("victim signed in")
                .withCookie("PHPSESSID", equalTo(ANONYMOUS_ID))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":\"victim@example.org\"}")));
        // What a public page of such a site shows a signed-in visitor (a name, a profile box, a CSRF-free action).
        upstream.stubFor(get(urlPathEqualTo("/public/welcome"))
                .atPriority(1)
                .inScenario("site")
                .whenScenarioStateIs("victim signed in")
                .withCookie("PHPSESSID", equalTo(ANONYMOUS_ID))
                .willReturn(aResponse().withStatus(200).withBody(VICTIM_ONLY)));
    }

    @Test
    @Disabled("Known gap, not fixed: bypass routes forward any upstream session cookie without reading Gatehouse's"
            + " session, and on a site that keeps its session id the browser holds the signed-in id before the second"
            + " factor; closing it needs a record of held-but-unreleased cookies that bypass routes consult")
    void bypassRouteWhenTheAttackerSignedTheVictimIntoTheBrowsersOwnSessionThenNotServedAsTheVictim() {
        TestBrowser attacker = new TestBrowser(port);
        assertThat(attacker.get("/public/welcome").body()).isEqualTo("hello visitor");
        assertThat(attacker.cookies()).containsEntry("PHPSESSID", ANONYMOUS_ID);

        TestBrowser.Page login = attacker.postForm("/login", "email", "victim@example.org", "password", "pw");
        assertThat(login.location()).isEqualTo("/_gatehouse/enroll");

        // The attacker ignores the expiry Gatehouse sends and keeps presenting the session id it had before the login.
        TestBrowser curl = new TestBrowser(port);
        curl.setCookie("PHPSESSID", ANONYMOUS_ID);
        TestBrowser.Page publicPage = curl.get("/public/welcome");
        curl.setCookie("PHPSESSID", ANONYMOUS_ID);
        TestBrowser.Page protectedPage = curl.get("/admin");

        assertThat(protectedPage.body()).doesNotContain("VICTIM");
        assertThat(publicPage.body()).doesNotContain(VICTIM_ONLY);
    }
}
