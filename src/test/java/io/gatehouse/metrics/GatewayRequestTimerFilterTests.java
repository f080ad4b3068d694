package io.gatehouse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class GatewayRequestTimerFilterTests {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final GatewayRequestTimerFilter filter = new GatewayRequestTimerFilter(registry);
    final Route route = Route.async()
            .id("upstream")
            .uri("http://legacy.example:8081")
            .predicate(exchange -> true)
            .build();

    MockServerWebExchange routed(HttpMethod method) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(method, "/admin"));
        exchange.getAttributes().put(GATEWAY_ROUTE_ATTR, route);
        return exchange;
    }

    /** Proxies with the upstream answering {@code status}; the response is committed before the chain ends. */
    void proxy(MockServerWebExchange exchange, int status) {
        filter.filter(exchange, chained -> {
                    chained.getResponse().setStatusCode(HttpStatusCode.valueOf(status));
                    return chained.getResponse().setComplete();
                })
                .block();
    }

    @Test
    void filterWhenResponseCommittedThenTimedWithTheGatewaysNameAndTags() {
        proxy(routed(HttpMethod.GET), 200);

        Timer timer = registry.get("spring.cloud.gateway.requests").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.getId().getTags())
                .containsExactlyInAnyOrder(
                        Tag.of("outcome", "SUCCESSFUL"),
                        Tag.of("status", "OK"),
                        Tag.of("httpStatusCode", "200"),
                        Tag.of("httpMethod", "GET"),
                        Tag.of("routeId", "upstream"),
                        Tag.of("routeUri", "http://legacy.example:8081"));
    }

    @Test
    void filterWhenChainEndsBeforeCommitThenTimedAtCommit() {
        MockServerWebExchange exchange = routed(HttpMethod.POST);

        filter.filter(exchange, chained -> {
                    chained.getResponse().setStatusCode(HttpStatus.FOUND);
                    return Mono.empty();
                })
                .block();
        assertThat(registry.find("spring.cloud.gateway.requests").timer()).isNull();

        exchange.getResponse().setComplete().block();
        assertThat(registry.get("spring.cloud.gateway.requests")
                        .tag("status", "FOUND")
                        .tag("outcome", "REDIRECTION")
                        .tag("httpMethod", "POST")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void filterWhenSameRouteMethodAndStatusThenOneTimerCountsThemAll() {
        for (int i = 0; i < 3; i++) {
            proxy(routed(HttpMethod.GET), 200);
        }
        proxy(routed(HttpMethod.GET), 404);
        proxy(routed(HttpMethod.GET), 200);

        assertThat(registry.get("spring.cloud.gateway.requests")
                        .tag("httpStatusCode", "200")
                        .timer()
                        .count())
                .isEqualTo(4);
        assertThat(registry.get("spring.cloud.gateway.requests")
                        .tag("httpStatusCode", "404")
                        .tag("outcome", "CLIENT_ERROR")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.getMeters()).hasSize(2);
    }

    @Test
    void filterWhenStatusHttpDoesNotDefineThenCustomOutcome() {
        proxy(routed(HttpMethod.GET), 599);

        assertThat(registry.get("spring.cloud.gateway.requests")
                        .tag("status", "599")
                        .tag("httpStatusCode", "599")
                        .tag("outcome", "CUSTOM")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void filterWhenClientInventsMethodsThenOneTimerForAllOfThem() {
        proxy(routed(HttpMethod.valueOf("FOO1")), 405);
        proxy(routed(HttpMethod.valueOf("FOO2")), 405);

        assertThat(registry.get("spring.cloud.gateway.requests")
                        .tag("httpMethod", "OTHER")
                        .timer()
                        .count())
                .isEqualTo(2);
        assertThat(registry.getMeters()).hasSize(1);
    }

    @Test
    void filterWhenChainFailsThenStillTimed() {
        MockServerWebExchange exchange = routed(HttpMethod.GET);

        filter.filter(exchange, chained -> Mono.error(new IllegalStateException("upstream gone")))
                .onErrorComplete()
                .block();
        exchange.getResponse().setStatusCode(HttpStatus.BAD_GATEWAY);
        exchange.getResponse().setComplete().block();

        assertThat(registry.get("spring.cloud.gateway.requests")
                        .tag("httpStatusCode", "502")
                        .tag("outcome", "SERVER_ERROR")
                        .timer()
                        .count())
                .isEqualTo(1);
    }
}
