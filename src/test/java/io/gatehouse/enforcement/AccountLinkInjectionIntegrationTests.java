package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gatehouse.session.VerifiedSessionCache;
import io.gatehouse.support.TestBrowser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code gatehouse.ui.inject}: a signed-in user's configured upstream page gets exactly one link to the account
 * page, after the configured marker, whether the session is read from Redis or served from the local cache; every
 * other page reaches the browser byte for byte with its {@code Content-Length}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.policy.default=optional",
            "gatehouse.ui.inject.paths[0]=/profile",
            "gatehouse.ui.inject.paths[1]=/settings/**",
            "gatehouse.ui.inject.after=<nav class=\"account\">"
        })
@Import(AccountLinkInjectionIntegrationTests.LongCache.class)
class AccountLinkInjectionIntegrationTests {

    static final String PROFILE = "<!doctype html><html><head><title>Profile</title></head><body>"
            + "<nav class=\"account\"><a href=\"/profile\">Profile</a></nav><main>Your profile</main></body></html>";
    static final String OTHER = "<html><body><nav class=\"account\">Other page</nav></body></html>";
    static final String LINK = "<a class=\"gatehouse-link\" href=\"/_gatehouse/account\">Two-factor authentication</a>";

    // Never chunked nor gzipped, so that the site sends a Content-Length that must survive the trip.
    static final WireMockServer upstream = new WireMockServer(WireMockConfiguration.options()
            .bindAddress("127.0.0.1")
            .dynamicPort()
            .gzipDisabled(true)
            .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER));

    static {
        upstream.start();
    }

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.upstream.url", upstream::baseUrl);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.stop();
    }

    /** Cached sessions live a minute here, so the second request certainly takes the fast path. */
    @TestConfiguration
    static class LongCache {
        @Bean
        @Primary
        VerifiedSessionCache longVerifiedSessionCache() {
            return new VerifiedSessionCache(Duration.ofMinutes(1), System::nanoTime);
        }
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        LegacySiteStubs.formLogin(upstream);
        upstream.stubFor(get(urlPathEqualTo("/profile"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html; charset=utf-8")
                        .withBody(PROFILE)));
        upstream.stubFor(get(urlPathEqualTo("/settings/mail"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body>no marker here</body></html>")));
        upstream.stubFor(get(urlPathEqualTo("/other"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody(OTHER)));
    }

    @Test
    void configuredPageWhenSignedInThenExactlyOneLinkAfterMarkerOnFullAndFastPath() {
        TestBrowser browser = signedIn();

        TestBrowser.Page first = browser.get("/profile");
        TestBrowser.Page second = browser.get("/profile");

        for (TestBrowser.Page page : new TestBrowser.Page[] {first, second}) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body())
                    .isEqualTo(PROFILE.replace("<nav class=\"account\">", "<nav class=\"account\">" + LINK));
            assertThat(Pattern.compile("gatehouse-link")
                            .matcher(page.body())
                            .results()
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void otherPageWhenSignedInThenByteIdenticalWithContentLength() {
        TestBrowser browser = signedIn();
        browser.get("/profile");

        TestBrowser.Page other = browser.get("/other");

        assertThat(other.result().getResponseBody()).isEqualTo(OTHER.getBytes(StandardCharsets.UTF_8));
        assertThat(other.headers().getContentLength()).isEqualTo(OTHER.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void configuredPageWhenMarkerMissingThenPageUnchanged() {
        TestBrowser browser = signedIn();

        assertThat(browser.get("/settings/mail").body()).isEqualTo("<html><body>no marker here</body></html>");
    }

    @Test
    void configuredPageWhenAnonymousOrScriptThenNoLink() {
        assertThat(new TestBrowser(port).get("/profile").body()).isEqualTo(PROFILE);

        TestBrowser browser = signedIn();
        TestBrowser.Page json = browser.getJson("/profile");
        assertThat(json.body()).isEqualTo(PROFILE);
        assertThat(json.headers().getFirst(HttpHeaders.CONTENT_TYPE)).startsWith("text/html");
    }

    /** Optional policy, not enrolled: the password alone signs in and the upstream cookie is released. */
    private TestBrowser signedIn() {
        TestBrowser browser = new TestBrowser(port);
        String user = "link-" + java.util.UUID.randomUUID() + "@example.org";
        assertThat(browser.postForm("/login", "email", user, "password", "right")
                        .status())
                .isEqualTo(302);
        assertThat(browser.cookies()).containsKey("LEGACYSESSID");
        return browser;
    }
}
