package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class DirectRouteHandlerMappingTests {

    final FilteringWebHandler webHandler = new FilteringWebHandler(List.of(), false);

    /** Routes as the gateway's caching locator serves them, counting how often they are read. */
    static final class CountingLocator implements RouteLocator {

        final List<Route> routes;
        final AtomicInteger reads = new AtomicInteger();

        CountingLocator(Route... routes) {
            this.routes = List.of(routes);
        }

        @Override
        public Flux<Route> getRoutes() {
            return Flux.defer(() -> {
                reads.incrementAndGet();
                return Flux.fromIterable(routes);
            });
        }
    }

    static Route route(String id, Predicate<ServerWebExchange> predicate) {
        return Route.async()
                .id(id)
                .uri("http://legacy.example")
                .asyncPredicate(AsyncPredicate.from(predicate))
                .build();
    }

    DirectRouteHandlerMapping mapping(RouteLocator locator) {
        return new DirectRouteHandlerMapping(webHandler, locator, new GlobalCorsProperties(), new MockEnvironment());
    }

    static MockServerWebExchange request(String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.get(path));
    }

    @Test
    void getHandlerWhenRoutesReadThenFirstMatchingRouteWithoutReadingThemAgain() {
        Route admin = route(
                "admin", exchange -> exchange.getRequest().getPath().value().startsWith("/admin"));
        Route everything = route("everything", exchange -> true);
        CountingLocator locator = new CountingLocator(admin, everything);
        DirectRouteHandlerMapping mapping = mapping(locator);
        mapping.onApplicationEvent(new RefreshRoutesResultEvent(locator));
        int readsAfterRefresh = locator.reads.get();

        MockServerWebExchange toAdmin = request("/admin/users");
        MockServerWebExchange toHome = request("/home");

        assertThat(mapping.getHandler(toAdmin).block()).isSameAs(webHandler);
        assertThat((Route) toAdmin.getAttribute(GATEWAY_ROUTE_ATTR)).isSameAs(admin);
        assertThat(mapping.getHandler(toHome).block()).isSameAs(webHandler);
        assertThat((Route) toHome.getAttribute(GATEWAY_ROUTE_ATTR)).isSameAs(everything);
        assertThat(locator.reads).hasValue(readsAfterRefresh);
    }

    @Test
    void getHandlerWhenNoRouteMatchesThenNoHandler() {
        CountingLocator locator = new CountingLocator(route("admin", exchange -> false));
        DirectRouteHandlerMapping mapping = mapping(locator);
        mapping.onApplicationEvent(new RefreshRoutesResultEvent(locator));

        MockServerWebExchange exchange = request("/_gatehouse/enroll");

        assertThat(mapping.getHandler(exchange).block()).isNull();
        assertThat((Route) exchange.getAttribute(GATEWAY_ROUTE_ATTR)).isNull();
    }

    @Test
    void getHandlerWhenPredicateFailsThenLoggedAndNextRouteTried() {
        Route broken = route("broken", exchange -> {
            throw new IllegalStateException("predicate bug");
        });
        Route everything = route("everything", exchange -> true);
        CountingLocator locator = new CountingLocator(broken, everything);
        DirectRouteHandlerMapping mapping = mapping(locator);
        mapping.onApplicationEvent(new RefreshRoutesResultEvent(locator));

        MockServerWebExchange exchange = request("/");

        assertThat(mapping.getHandler(exchange).block()).isSameAs(webHandler);
        assertThat((Route) exchange.getAttribute(GATEWAY_ROUTE_ATTR)).isSameAs(everything);
    }

    @Test
    void getHandlerWhenRoutesNotReadYetThenGatewaysOwnLookupDecides() {
        Route everything = route("everything", exchange -> true);
        CountingLocator locator = new CountingLocator(everything);
        DirectRouteHandlerMapping mapping = mapping(locator);

        MockServerWebExchange exchange = request("/");

        assertThat(mapping.getHandler(exchange).block()).isSameAs(webHandler);
        assertThat((Route) exchange.getAttribute(GATEWAY_ROUTE_ATTR)).isSameAs(everything);
        assertThat(locator.reads).hasValue(1);
    }

    @Test
    void getHandlerWhenPredicateAnswersLaterThenGatewaysOwnLookupDecides() {
        Route later = Route.async()
                .id("later")
                .uri("http://legacy.example")
                .asyncPredicate(exchange -> Mono.fromCallable(() -> true))
                .build();
        CountingLocator locator = new CountingLocator(later);
        DirectRouteHandlerMapping mapping = mapping(locator);
        mapping.onApplicationEvent(new RefreshRoutesResultEvent(locator));
        int readsAfterRefresh = locator.reads.get();

        MockServerWebExchange exchange = request("/");

        assertThat(mapping.getHandler(exchange).block()).isSameAs(webHandler);
        assertThat((Route) exchange.getAttribute(GATEWAY_ROUTE_ATTR)).isSameAs(later);
        assertThat(locator.reads).hasValue(readsAfterRefresh + 1);
    }

    @Test
    void getHandlerWhenRefreshFailedThenGatewaysOwnLookupDecides() {
        Route everything = route("everything", exchange -> true);
        CountingLocator locator = new CountingLocator(everything);
        DirectRouteHandlerMapping mapping = mapping(locator);
        mapping.onApplicationEvent(new RefreshRoutesResultEvent(locator));
        mapping.onApplicationEvent(new RefreshRoutesResultEvent(locator, new IllegalStateException("bad route")));
        int readsAfterFailure = locator.reads.get();

        assertThat(mapping.getHandler(request("/")).block()).isSameAs(webHandler);
        assertThat(locator.reads).hasValue(readsAfterFailure + 1);
    }
}
