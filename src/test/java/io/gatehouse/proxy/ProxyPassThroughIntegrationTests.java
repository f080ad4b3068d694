package io.gatehouse.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.gatehouse.support.LegacySiteUpstream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;
import org.springframework.web.server.handler.FilteringWebHandler;
import org.springframework.web.server.handler.WebHandlerDecorator;

/**
 * The gateway forwards everything outside its reserved prefix untouched; WireMock's request journal is
 * the proof of what the upstream received.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            // Transparency is tested on its own here; enforcement has its own tests.
            "gatehouse.policy.default=bypass"
        })
class ProxyPassThroughIntegrationTests {

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
    }

    @LocalServerPort
    int port;

    WebTestClient client;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("upstream says hi")));
        client =
                WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    void proxyWhenAnyMethodThenUpstreamReceivesSameMethodPathAndRawQuery(String method) {
        client.method(HttpMethod.valueOf(method))
                .uri(URI.create("http://127.0.0.1:" + port + "/admin/users?sort=name&q=a%2Fb+c&tag=x&tag=y"))
                .exchange()
                .expectStatus()
                .isOk();

        LoggedRequest received = onlyRequest();
        assertThat(received.getMethod().value()).isEqualTo(method);
        assertThat(received.getUrl()).isEqualTo("/admin/users?sort=name&q=a%2Fb+c&tag=x&tag=y");
    }

    @Test
    void proxyWhenBodyHeadersAndCookiesThenUpstreamReceivesThemUnchanged() {
        byte[] body = "{\"name\":\"Zoë\",\"n\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
        client.post()
                .uri("/api/echo")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Custom", "one")
                .header("Accept-Language", "cy, en;q=0.8")
                .header("Cookie", "LEGACYSESSID=abc123; theme=dark")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();

        LoggedRequest received = onlyRequest();
        assertThat(received.getBody()).isEqualTo(body);
        assertThat(received.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(received.getHeader("X-Custom")).isEqualTo("one");
        assertThat(received.getHeader("Accept-Language")).isEqualTo("cy, en;q=0.8");
        assertThat(received.getCookies()).containsKeys("LEGACYSESSID", "theme");
        assertThat(received.getCookies().get("LEGACYSESSID").firstValue()).isEqualTo("abc123");
    }

    @Test
    void proxyWhenUpstreamSetsSeveralCookiesThenEachSetCookieHeaderStaysSeparate() {
        upstream.stubFor(get(urlPathEqualTo("/login"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Set-Cookie", "LEGACYSESSID=s1; Path=/; HttpOnly")
                        .withHeader("Set-Cookie", "theme=dark; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT")
                        .withHeader("Set-Cookie", "lang=en; Path=/")));

        EntityExchangeResult<byte[]> result = client.get()
                .uri("/login")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();

        assertThat(result.getResponseHeaders().get(HttpHeaders.SET_COOKIE))
                .containsExactly(
                        "LEGACYSESSID=s1; Path=/; HttpOnly",
                        "theme=dark; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
                        "lang=en; Path=/");
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 204, 304, 400, 401, 403, 404, 418, 500, 503})
    void proxyWhenUpstreamAnswersStatusThenBrowserGetsSameStatusAndBody(int status) {
        boolean hasBody = status != 204 && status != 304;
        upstream.stubFor(get(urlPathEqualTo("/status"))
                .willReturn(
                        hasBody
                                ? aResponse()
                                        .withStatus(status)
                                        .withHeader("X-Upstream", "yes")
                                        .withBody("body " + status)
                                : aResponse().withStatus(status).withHeader("X-Upstream", "yes")));

        EntityExchangeResult<byte[]> result = client.get()
                .uri("/status")
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .valueEquals("X-Upstream", "yes")
                .expectBody()
                .returnResult();

        if (hasBody) {
            assertThat(new String(result.getResponseBody(), StandardCharsets.UTF_8))
                    .isEqualTo("body " + status);
        }
    }

    @Test
    void proxyWhenUpstreamRedirectsToItsOwnOriginThenLocationIsRewrittenToGateway() {
        upstream.stubFor(get(urlPathEqualTo("/old"))
                .willReturn(
                        aResponse().withStatus(302).withHeader("Location", upstream.baseUrl() + "/admin?tab=users")));

        client.get()
                .uri("/old")
                .exchange()
                .expectStatus()
                .isFound()
                .expectHeader()
                .valueEquals("Location", "/admin?tab=users");
    }

    @Test
    void proxyWhenUpstreamRedirectsElsewhereThenLocationIsKept() {
        upstream.stubFor(get(urlPathEqualTo("/sso"))
                .willReturn(aResponse().withStatus(303).withHeader("Location", "https://sso.example.org/start?x=1")));
        upstream.stubFor(get(urlPathEqualTo("/rel"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", "/login?next=%2Fadmin")));

        client.get()
                .uri("/sso")
                .exchange()
                .expectStatus()
                .isSeeOther()
                .expectHeader()
                .valueEquals("Location", "https://sso.example.org/start?x=1");
        client.get()
                .uri("/rel")
                .exchange()
                .expectStatus()
                .isFound()
                .expectHeader()
                .valueEquals("Location", "/login?next=%2Fadmin");
    }

    @Test
    void proxyWhenClientSendsGatehouseIdentityHeadersThenUpstreamNeverSeesThem() {
        client.get()
                .uri("/admin")
                .header("X-Gatehouse-User", "admin@example.org")
                .header("x-gatehouse-auth", "totp")
                .header("X-Other", "kept")
                .exchange()
                .expectStatus()
                .isOk();

        LoggedRequest received = onlyRequest();
        assertThat(received.getHeaders().keys())
                .noneMatch(name -> name.toLowerCase().startsWith("x-gatehouse-"));
        assertThat(received.getHeader("X-Other")).isEqualTo("kept");
    }

    @Test
    void proxyWhenPathIsUnderReservedPrefixThenRequestIsNeverForwarded() {
        client.get().uri("/_gatehouse/anything").exchange().expectStatus().isNotFound();
        // Gatehouse's own enrollment page answers itself: without a signed-in user it sends the browser to log in.
        client.post()
                .uri("/_gatehouse/enroll")
                .exchange()
                .expectStatus()
                .isSeeOther()
                .expectHeader()
                .location("/login");

        upstream.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void proxyWhenStartedThenGatehousesFiltersAreLinksOfSpringsChainInTheirOrder(@Autowired HttpHandler httpHandler) {
        WebHandler handler = ((HttpWebHandlerAdapter) httpHandler).getDelegate();
        while (!(handler instanceof FilteringWebHandler) && handler instanceof WebHandlerDecorator decorator) {
            handler = decorator.getDelegate();
        }
        List<WebFilter> gatehouse = ((FilteringWebHandler) handler)
                .getFilters().stream()
                        .filter(filter -> filter.getClass().getName().startsWith("io.gatehouse."))
                        .toList();

        assertThat(gatehouse)
                .extracting(filter -> filter.getClass().getSimpleName())
                .startsWith("FirewallWebFilter", "HostWebFilter", "ClientAddressWebFilter")
                .contains("EnforcementWebFilter");
        assertThat(gatehouse)
                .extracting(filter -> ((org.springframework.core.Ordered) filter).getOrder())
                .isSorted();
    }

    @Test
    void proxyWhenGatewayActuatorPathRequestedOnMainPortThenItIsTheUpstreamsPath() {
        client.get()
                .uri("/actuator/gateway/routes")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("upstream says hi");

        assertThat(onlyRequest().getUrl()).isEqualTo("/actuator/gateway/routes");
    }

    @Test
    void proxyWhenStartedThenRoutesAreMatchedDirectlyByGatehousesMapping(
            @Autowired RoutePredicateHandlerMapping mapping) {
        assertThat(mapping).isInstanceOf(DirectRouteHandlerMapping.class);
        assertThat(((DirectRouteHandlerMapping) mapping).routes())
                .extracting(Route::getId)
                .containsExactly(UpstreamRouteConfiguration.ROUTE_ID);

        client.get().uri("/admin").exchange().expectStatus().isOk();
        assertThat(onlyRequest().getUrl()).isEqualTo("/admin");
    }

    @Test
    void proxyWhenStartedThenNoGatewayFiltersForForwardRoutesOrCachedBodies(
            @Autowired List<GlobalFilter> filters, @Autowired List<WebFilter> webFilters) {
        assertThat(filters)
                .extracting(filter -> filter.getClass().getSimpleName())
                .contains(
                        "NettyRoutingFilter",
                        "NettyWriteResponseFilter",
                        "RouteToRequestUrlFilter",
                        "WebsocketRoutingFilter")
                .doesNotContain(
                        "ForwardRoutingFilter",
                        "ForwardPathFilter",
                        "AdaptCachedBodyGlobalFilter",
                        "RemoveCachedBodyFilter",
                        "GatewayMetricsFilter");
        assertThat(webFilters)
                .extracting(filter -> filter.getClass().getSimpleName())
                .doesNotContain("WeightCalculatorWebFilter");
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = upstream.findAll(anyRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
