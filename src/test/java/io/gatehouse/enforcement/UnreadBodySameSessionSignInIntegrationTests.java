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
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.TestBrowser;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The attacker passes their own second factor, then sends the victim's password, in a body Gatehouse does not read
 * (XML-RPC), to a public (bypass) endpoint of a site that signs a user in there and keeps its session id. No new
 * cookie comes back, so nothing marks the answer as a sign-in, and the attacker's released cookie now opens the
 * victim's pages with the attacker's second factor.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.upstream.session-cookies=PHPSESSID",
            "gatehouse.upstream.login.success.status=302",
            "gatehouse.upstream.login.success.location-matches=^/home",
            "gatehouse.policy.rules[0].paths=/public/**",
            "gatehouse.policy.rules[0].policy=bypass"
        })
class UnreadBodySameSessionSignInIntegrationTests {

    private static final String MALLORY_SESSION = "mallory-0123456789";
    private static final String VICTIM_PAGE = "VICTIM-ONLY";

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
        // The attacker's own account: a login without a session gets a new PHPSESSID.
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(5)
                .withRequestBody(containing("mallory"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "/home")
                        .withHeader("Set-Cookie", "PHPSESSID=" + MALLORY_SESSION + "; Path=/")));
        // XML-RPC on a public path signs in whoever it is given, into the session the request carries (id kept).
        upstream.stubFor(post(urlPathEqualTo("/public/xmlrpc.php"))
                .atPriority(1)
                .inScenario("site")
                .whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("victim"))
                .withCookie("PHPSESSID", equalTo(MALLORY_SESSION))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody("<methodResponse/>"))
                .willSetStateTo("victim in mallory's session"));
        // A servlet container decodes a form in the charset its Content-Type names (here UTF-16).
        upstream.stubFor(post(urlPathEqualTo("/public/settings"))
                .atPriority(1)
                .inScenario("site")
                .whenScenarioStateIs(Scenario.STARTED)
                .withHeader("Content-Type", containing("UTF-16"))
                .withCookie("PHPSESSID", equalTo(MALLORY_SESSION))
                .willReturn(aResponse().withStatus(200).withBody("saved"))
                .willSetStateTo("victim in mallory's session"));
        upstream.stubFor(get(urlPathEqualTo("/admin"))
                .atPriority(2)
                .willReturn(aResponse().withStatus(200).withBody("mallory's page")));
        upstream.stubFor(get(urlPathEqualTo("/admin"))
                .atPriority(1)
                .inScenario("site")
                .whenScenarioStateIs("victim in mallory's session")
                .withCookie("PHPSESSID", equalTo(MALLORY_SESSION))
                .willReturn(aResponse().withStatus(200).withBody(VICTIM_PAGE)));
    }

    @Test
    void bypassRouteWhenAnUnreadBodySignsTheVictimIntoAReleasedSessionThenThatSessionNoLongerOpensProtectedPages() {
        TestBrowser browser = attackerPassedOwnSecondFactor();

        String xml = "<methodCall><methodName>wp.getProfile</methodName><params><param><value>victim@example.org"
                + "</value></param><param><value>victim-password</value></param></params></methodCall>";
        browser.request(
                HttpMethod.POST, "/public/xmlrpc.php", MediaType.TEXT_XML, MediaType.TEXT_XML, xml, headers -> {});
        browser.setCookie("PHPSESSID", MALLORY_SESSION);

        assertThat(browser.get("/admin").body()).doesNotContain(VICTIM_PAGE);
    }

    @Test
    void
            bypassRouteWhenAFormInACharsetGatehouseDoesNotDecodeSignsTheVictimInThenThatSessionNoLongerOpensProtectedPages() {
        TestBrowser browser = attackerPassedOwnSecondFactor();

        byte[] form = "email=victim%40example.org&password=victim-password"
                .getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
        browser.request(
                HttpMethod.POST,
                "/public/settings",
                MediaType.TEXT_HTML,
                MediaType.parseMediaType("application/x-www-form-urlencoded; charset=UTF-16BE"),
                form,
                headers -> {});
        browser.setCookie("PHPSESSID", MALLORY_SESSION);

        assertThat(browser.get("/admin").body()).doesNotContain(VICTIM_PAGE);
    }

    /** The attacker's own account, signed in with the attacker's own second factor: its cookie is released. */
    private TestBrowser attackerPassedOwnSecondFactor() {
        TestBrowser browser = new TestBrowser(port);
        browser.postForm(
                "/login",
                "email",
                "mallory-" + java.util.UUID.randomUUID() + "@example.org",
                "password",
                "mallory-password");
        Authenticator.enroll(browser, Clock.systemUTC());
        browser.postForm(
                "/_gatehouse/recovery-codes",
                "_csrf",
                Authenticator.csrf(browser.get("/_gatehouse/recovery-codes").body()));
        assertThat(browser.get("/admin").body()).isEqualTo("mallory's page");
        return browser;
    }
}
