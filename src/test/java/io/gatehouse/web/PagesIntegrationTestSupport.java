package io.gatehouse.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.TestBrowser;
import io.gatehouse.totp.TotpParameters;
import io.gatehouse.totp.TotpSecret;
import io.gatehouse.totp.TotpVerifier;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real application on a random port with an embedded Redis, a WireMock upstream and the test-only sign-in
 * filter; one Spring context shared by every page test.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "GATEHOUSE_SECRET_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
        })
@Import(TestSignInConfiguration.class)
public abstract class PagesIntegrationTestSupport {

    protected static final String ENROLL = "/_gatehouse/enroll";
    protected static final String CHALLENGE = "/_gatehouse/challenge";
    protected static final String RECOVERY = "/_gatehouse/recovery";
    protected static final String RECOVERY_CODES = "/_gatehouse/recovery-codes";

    private static final Pattern KEY = Pattern.compile("id=\"gh-key\">([A-Z2-7 ]+)</code>");

    protected static final WireMockServer upstream = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());

    // Shared by every page test class (they share one cached Spring context), so it stops with the JVM.
    static {
        upstream.start();
    }

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.upstream.url", upstream::baseUrl);
    }

    @LocalServerPort
    protected int port;

    @BeforeEach
    void stubUpstream() {
        upstream.resetAll();
        upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("upstream page")));
    }

    protected TestBrowser browser() {
        return new TestBrowser(port);
    }

    /** A user name no other test uses, so that lockouts and enrollments do not interfere. */
    protected static String newUser(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Sign-in headers for a user who has not enrolled yet. */
    protected static java.util.function.Consumer<HttpHeaders> signIn(String user) {
        return headers -> headers.set("X-Test-Sign-In", user);
    }

    protected static java.util.function.Consumer<HttpHeaders> signInEnrolled(String user) {
        return headers -> {
            headers.set("X-Test-Sign-In", user);
            headers.set("X-Test-Enrolled", "true");
        };
    }

    /** The secret behind the key the enrollment page shows. */
    protected static TotpSecret keyShown(String html) {
        Matcher m = KEY.matcher(html);
        assertThat(m.find()).as("key on the page").isTrue();
        return new TotpSecret(m.group(1).replace(" ", ""), TotpParameters.DEFAULTS);
    }

    /** The code an authenticator app shows now, {@code offset} steps later. */
    protected static String code(TotpSecret secret, long offset) {
        TotpVerifier generator = new TotpVerifier(Clock.systemUTC(), 0);
        return generator.codeAt(secret, generator.currentStep(secret.parameters()) + offset);
    }

    /** Enrolls {@code user} through the pages with the current code; the secret their app now holds. */
    protected TotpSecret enrollThroughPages(String user) {
        TestBrowser browser = browser();
        TestBrowser.Page page = browser.get(ENROLL, signIn(user));
        TotpSecret secret = keyShown(page.body());
        TestBrowser.Page done =
                browser.postForm(ENROLL, Map.of("_csrf", Authenticator.csrf(page.body()), "token", code(secret, 0)));
        assertThat(done.status()).isEqualTo(303);
        return secret;
    }

    /** The response's {@code Set-Cookie} headers, none as an empty list. */
    protected static java.util.List<String> setCookies(TestBrowser.Page result) {
        return result.setCookies();
    }

    /** Every Gatehouse page carries these. */
    protected static void assertSecurityHeaders(TestBrowser.Page result) {
        HttpHeaders headers = result.headers();
        assertThat(headers.getFirst(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
        assertThat(headers.getFirst(HttpHeaders.PRAGMA)).isEqualTo("no-cache");
        assertThat(headers.getFirst("Content-Security-Policy"))
                .isEqualTo(
                        "default-src 'none'; script-src 'self'; "
                                + "style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("same-origin");
    }
}
