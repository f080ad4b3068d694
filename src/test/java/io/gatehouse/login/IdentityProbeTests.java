package io.gatehouse.login;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.GatehousePropertiesLoader;
import io.gatehouse.metrics.GatehouseMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The identity probe against a WireMock stand-in site: JSON and HTML answers, redirects and errors mean not signed
 * in, slow, huge, unparseable or unreachable answers fail, and the site sees only the given cookies.
 */
class IdentityProbeTests {

    static final WireMockServer site = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final GatehouseMetrics metrics = new GatehouseMetrics(registry);

    @BeforeAll
    static void start() {
        site.start();
        // The first probe in a JVM loads Netty, Jackson and WebClient: done here so no test's timeout includes it.
        site.stubFor(get("/warm-up").willReturn(aResponse().withStatus(200).withBody("{\"a\":\"b\"}")));
        IdentityProbe.of(
                        properties(
                                        "http://127.0.0.1:" + site.port(),
                                        Map.of("path", "/warm-up", "json-pointer", "/a", "timeout", "10s"))
                                .upstream(),
                        GatehouseMetrics.none())
                .whoIs(Map.of("a", "b"))
                .block();
    }

    @AfterAll
    static void stop() {
        site.stop();
    }

    @BeforeEach
    void reset() {
        site.resetAll();
    }

    @Test
    void whoIsWhenJsonAnswerNamesUserThenSignedInAsCanonicalUser() {
        site.stubFor(get("/api/me")
                .withCookie("SESSID", equalTo("abc"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":{\"email\":\"Alice@Example.org\",\"name\":\"Alice\"}}")));

        ProbeResult result = whoIs(jsonProbe(), Map.of("SESSID", "abc"));

        assertThat(result).isEqualTo(new ProbeResult.SignedIn("alice@example.org"));
        assertThat(count("signed-in")).isEqualTo(1.0);
    }

    @Test
    void whoIsWhenHtmlAnswerMatchesPatternThenSignedInWithEntitiesDecoded() {
        site.stubFor(
                get("/profile")
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "text/html; charset=utf-8")
                                        .withBody(
                                                "<html><body><p class=\"who\">Signed in as <b>alice&#64;example.org</b></p></body></html>")));

        ProbeResult result = whoIs(
                probe(Map.of("path", "/profile", "pattern", "Signed in as <b>(?<user>[^<]+)</b>")),
                Map.of("SESSID", "abc"));

        assertThat(result).isEqualTo(new ProbeResult.SignedIn("alice@example.org"));
    }

    @Test
    void whoIsWhenRedirectThenNotSignedInAndRedirectNotFollowed() {
        site.stubFor(get("/api/me").willReturn(aResponse().withStatus(302).withHeader("Location", "/api/me2")));
        site.stubFor(get("/api/me2")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":{\"email\":\"alice@x.org\"}}")));

        ProbeResult result = whoIs(jsonProbe(), Map.of("SESSID", "abc"));

        assertThat(result).isInstanceOf(ProbeResult.NotSignedIn.class);
        assertThat(((ProbeResult.NotSignedIn) result).reason()).contains("302");
        site.verify(0, getRequestedFor(urlEqualTo("/api/me2")));
        assertThat(count("not-signed-in")).isEqualTo(1.0);
    }

    @Test
    void whoIsWhenUnauthorizedThenNotSignedIn() {
        site.stubFor(get("/api/me")
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":{\"email\":\"alice@x.org\"}}")));

        assertThat(whoIs(jsonProbe(), Map.of("SESSID", "abc"))).isEqualTo(new ProbeResult.NotSignedIn("status 401"));
    }

    @Test
    void whoIsWhenStatusNotConfiguredAsSignedInThenNotSignedIn() {
        site.stubFor(get("/api/me")
                .willReturn(aResponse()
                        .withStatus(203)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":{\"email\":\"alice@x.org\"}}")));

        assertThat(whoIs(jsonProbe(), Map.of("SESSID", "abc"))).isInstanceOf(ProbeResult.NotSignedIn.class);
    }

    @Test
    void whoIsWhenAnswerSlowerThanTimeoutThenFailedInTime() {
        site.stubFor(get("/api/me")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withFixedDelay(5000)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":{\"email\":\"alice@x.org\"}}")));
        IdentityProbe probe = probe(Map.of("path", "/api/me", "json-pointer", "/user/email", "timeout", "200ms"));

        long started = System.nanoTime();
        ProbeResult result = whoIs(probe, Map.of("SESSID", "abc"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3000));
        assertThat(result).isInstanceOf(ProbeResult.Failed.class);
        assertThat(((ProbeResult.Failed) result).reason()).contains("200ms");
        assertThat(count("failed")).isEqualTo(1.0);
    }

    @Test
    void whoIsWhenBodyArrivesSlowerThanTimeoutThenFailed() {
        site.stubFor(get("/api/me")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":{\"email\":\"alice@x.org\"}}")
                        .withChunkedDribbleDelay(10, 2000)));
        IdentityProbe probe = probe(Map.of("path", "/api/me", "json-pointer", "/user/email", "timeout", "300ms"));

        assertThat(whoIs(probe, Map.of("SESSID", "abc"))).isInstanceOf(ProbeResult.Failed.class);
    }

    @Test
    void whoIsWhenBodyLargerThanMaxBodyThenFailed() {
        String huge = "{\"pad\":\"" + "x".repeat(100_000) + "\",\"user\":{\"email\":\"alice@x.org\"}}";
        site.stubFor(get("/api/me")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(huge)));
        IdentityProbe probe = probe(Map.of("path", "/api/me", "json-pointer", "/user/email", "max-body", "1KB"));

        ProbeResult result = whoIs(probe, Map.of("SESSID", "abc"));

        assertThat(result).isInstanceOf(ProbeResult.Failed.class);
        assertThat(((ProbeResult.Failed) result).reason()).contains("max-body");
    }

    @Test
    void whoIsWhenChunkedBodyLargerThanMaxBodyThenFailed() {
        String huge = "<p>" + "x".repeat(50_000) + "</p><b>alice@x.org</b>";
        site.stubFor(get("/profile")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody(huge)
                        .withChunkedDribbleDelay(5, 20)));
        IdentityProbe probe = probe(Map.of("path", "/profile", "pattern", "<b>([^<]+)</b>", "max-body", "1KB"));

        assertThat(whoIs(probe, Map.of("SESSID", "abc"))).isInstanceOf(ProbeResult.Failed.class);
    }

    @Test
    void whoIsWhenConnectionRefusedThenFailed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        IdentityProbe probe = IdentityProbe.of(
                properties("http://127.0.0.1:" + closedPort, Map.of("path", "/api/me", "json-pointer", "/user/email"))
                        .upstream(),
                metrics);

        ProbeResult result = whoIs(probe, Map.of("SESSID", "abc"));

        assertThat(result).isInstanceOf(ProbeResult.Failed.class);
        assertThat(((ProbeResult.Failed) result).reason()).contains("cannot reach");
    }

    @Test
    void whoIsWhenCalledThenOnlyTheGivenCookiesAndNoClientHeadersSent() {
        site.stubFor(get("/api/me").willReturn(aResponse().withStatus(401)));
        Map<String, String> cookies = new LinkedHashMap<>();
        cookies.put("SESSID", "abc123");
        cookies.put("remember_me", "r-456");

        whoIs(jsonProbe(), cookies);

        List<LoggedRequest> requests = site.findAll(getRequestedFor(urlEqualTo("/api/me")));
        assertThat(requests).hasSize(1);
        LoggedRequest request = requests.get(0);
        assertThat(request.getHeaders().getHeader("Cookie").values())
                .containsExactly("SESSID=abc123; remember_me=r-456");
        assertThat(request.getHeader("Host")).isEqualTo("127.0.0.1:" + site.port());
        assertThat(request.getHeader("Accept")).isEqualTo("application/json");
        assertThat(request.getHeader("User-Agent")).isEqualTo("Gatehouse-identity-probe");
        assertThat(request.getHeaders().keys().stream().map(String::toLowerCase).collect(Collectors.toSet()))
                .isSubsetOf("host", "cookie", "accept", "user-agent", "connection", "content-length");
    }

    @Test
    void whoIsWhenPostWithQueryConfiguredThenPostSentToThatPathAndQuery() {
        site.stubFor(post(urlPathEqualTo("/whoami"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"login\":\"bob\"}")));

        ProbeResult result = whoIs(
                probe(Map.of("method", "POST", "path", "/whoami?format=json", "json-pointer", "/login")),
                Map.of("SESSID", "abc"));

        assertThat(result).isEqualTo(new ProbeResult.SignedIn("bob"));
        site.verify(1, postRequestedFor(urlEqualTo("/whoami?format=json")));
    }

    @Test
    void whoIsWhenJsonDoesNotParseThenFailed() {
        site.stubFor(get("/api/me")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("<html>Sign in</html>")));

        assertThat(whoIs(jsonProbe(), Map.of("SESSID", "abc")))
                .isEqualTo(new ProbeResult.Failed("an answer that is not valid JSON"));
    }

    @Test
    void whoIsWhenJsonHasDuplicateKeysThenFailed() {
        site.stubFor(get("/api/me")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":{\"email\":\"mallory@x.org\",\"email\":\"alice@x.org\"}}")));

        assertThat(whoIs(jsonProbe(), Map.of("SESSID", "abc"))).isInstanceOf(ProbeResult.Failed.class);
    }

    @Test
    void whoIsWhenJsonHasNoUserOrNullThenNotSignedIn() {
        site.stubFor(get("/api/me")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":null}")));

        assertThat(whoIs(jsonProbe(), Map.of("SESSID", "abc"))).isInstanceOf(ProbeResult.NotSignedIn.class);
    }

    @Test
    void whoIsWhenPointerNamesAnObjectThenFailed() {
        site.stubFor(get("/api/me")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":{\"email\":{\"a\":1}}}")));

        assertThat(whoIs(jsonProbe(), Map.of("SESSID", "abc"))).isInstanceOf(ProbeResult.Failed.class);
    }

    @Test
    void whoIsWhenPatternDoesNotMatchThenNotSignedIn() {
        site.stubFor(get("/profile")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<a href=\"/login\">Sign in</a>")));

        assertThat(whoIs(
                        probe(Map.of("path", "/profile", "pattern", "Signed in as ([^<]+)<")), Map.of("SESSID", "abc")))
                .isInstanceOf(ProbeResult.NotSignedIn.class);
    }

    @Test
    void whoIsWhenPatternMatchesTwoDifferentUsersThenFailed() {
        site.stubFor(get("/profile")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<b class=user>mallory@x.org</b> says: <b class=user>alice@x.org</b>")));

        assertThat(whoIs(
                        probe(Map.of("path", "/profile", "pattern", "<b class=user>([^<]+)</b>")),
                        Map.of("SESSID", "abc")))
                .isEqualTo(new ProbeResult.Failed("the pattern matched more than one user"));
    }

    @Test
    void whoIsWhenPatternMatchesSameUserTwiceThenSignedIn() {
        site.stubFor(get("/profile")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<b class=user>Alice@x.org</b> ... <b class=user>alice@x.org</b>")));

        assertThat(whoIs(
                        probe(Map.of("path", "/profile", "pattern", "<b class=user>([^<]+)</b>")),
                        Map.of("SESSID", "abc")))
                .isEqualTo(new ProbeResult.SignedIn("alice@x.org"));
    }

    @Test
    void whoIsWhenUserHasControlCharactersThenFailed() {
        site.stubFor(get("/api/me")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":{\"email\":\"alice\\u0000@x.org\"}}")));

        assertThat(whoIs(jsonProbe(), Map.of("SESSID", "abc")))
                .isEqualTo(new ProbeResult.Failed("a user the username rules refuse"));
    }

    @Test
    void whoIsWhenNoCookiesThenNotSignedInWithoutAsking() {
        assertThat(whoIs(jsonProbe(), Map.of())).isInstanceOf(ProbeResult.NotSignedIn.class);
        assertThat(site.getAllServeEvents()).isEmpty();
    }

    @Test
    void whoIsWhenCookieValueWouldSmuggleAnotherCookieThenFailedWithoutAsking() {
        assertThat(whoIs(jsonProbe(), Map.of("SESSID", "abc; admin=1"))).isInstanceOf(ProbeResult.Failed.class);
        assertThat(site.getAllServeEvents()).isEmpty();
    }

    @Test
    void whoIsWhenNotConfiguredThenNoneFailsAndIsNotConfigured() {
        IdentityProbe none = IdentityProbe.of(
                properties("http://127.0.0.1:" + site.port(), Map.of()).upstream(), metrics);

        assertThat(none.configured()).isFalse();
        assertThat(whoIs(none, Map.of("SESSID", "abc"))).isInstanceOf(ProbeResult.Failed.class);
        assertThat(site.getAllServeEvents()).isEmpty();
        assertThat(jsonProbe().configured()).isTrue();
    }

    @Test
    void whoIsWhenUsernameRulesConfiguredThenProbeUserCanonicalisedTheSameWay() {
        site.stubFor(get("/api/me")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":{\"email\":\"CORP\\\\Alice\"}}")));
        Map<String, Object> settings = new HashMap<>(Map.of("path", "/api/me", "json-pointer", "/user/email"));
        GatehouseProperties properties = properties(
                "http://127.0.0.1:" + site.port(),
                settings,
                Map.of(
                        "gatehouse.upstream.username.strip-prefixes[0]",
                        "CORP\\",
                        "gatehouse.upstream.username.default-domain",
                        "example.org"));

        assertThat(whoIs(IdentityProbe.of(properties.upstream(), metrics), Map.of("SESSID", "abc")))
                .isEqualTo(new ProbeResult.SignedIn("alice@example.org"));
    }

    private IdentityProbe jsonProbe() {
        return probe(Map.of("path", "/api/me", "json-pointer", "/user/email"));
    }

    /** A probe with {@code identity} settings; 5s unless a test sets the timeout, as the machine may be busy. */
    private IdentityProbe probe(Map<String, Object> identity) {
        Map<String, Object> settings = new HashMap<>(identity);
        settings.putIfAbsent("timeout", "5s");
        return IdentityProbe.of(
                properties("http://127.0.0.1:" + site.port(), settings).upstream(), metrics);
    }

    private static ProbeResult whoIs(IdentityProbe probe, Map<String, String> cookies) {
        return probe.whoIs(cookies).block(Duration.ofSeconds(10));
    }

    private double count(String outcome) {
        return registry.get(GatehouseMetrics.IDENTITY_PROBES)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private static GatehouseProperties properties(String url, Map<String, Object> identity) {
        return properties(url, identity, Map.of());
    }

    private static GatehouseProperties properties(String url, Map<String, Object> identity, Map<String, Object> extra) {
        Map<String, Object> all =
                new HashMap<>(Map.of("gatehouse.upstream.url", url, "gatehouse.redis.embedded", "true"));
        identity.forEach((key, value) -> all.put("gatehouse.upstream.identity." + key, value));
        all.putAll(extra);
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", all));
        return GatehousePropertiesLoader.load(environment);
    }
}
