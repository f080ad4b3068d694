package io.gatehouse.proxy;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_ROUTE_ATTR;

import java.util.List;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud Gateway's route mapping, with routes whose predicates answer at once (as Gatehouse's do) matched
 * in a plain loop. The gateway's own lookup runs every request through a reactive pipeline (one inner publisher
 * and filter per route, a cache replay, a discard pass); the result here is the same route, the same exchange
 * attributes and the same handler. The routes are read again after every refresh; until they have been read,
 * or when a predicate answers later (an asynchronous predicate), the gateway's own lookup decides.
 */
final class DirectRouteHandlerMapping extends RoutePredicateHandlerMapping
        implements ApplicationListener<RefreshRoutesResultEvent> {

    private static final Logger log = LoggerFactory.getLogger(DirectRouteHandlerMapping.class);

    private final RouteLocator routeLocator;
    private volatile List<Route> routes;

    DirectRouteHandlerMapping(
            FilteringWebHandler webHandler,
            RouteLocator routeLocator,
            GlobalCorsProperties globalCorsProperties,
            Environment environment) {
        super(webHandler, routeLocator, globalCorsProperties, environment);
        this.routeLocator = routeLocator;
    }

    @Override
    public void onApplicationEvent(RefreshRoutesResultEvent event) {
        if (!event.isSuccess()) {
            routes = null;
            return;
        }
        routeLocator.getRoutes().collectList().subscribe(list -> routes = List.copyOf(list), error -> routes = null);
    }

    /** The routes matched directly, or null while the gateway's own lookup decides. */
    List<Route> routes() {
        return routes;
    }

    @Override
    protected Mono<Route> lookupRoute(ServerWebExchange exchange) {
        List<Route> known = routes;
        if (known == null) {
            return super.lookupRoute(exchange);
        }
        for (Route route : known) {
            exchange.getAttributes().put(GATEWAY_PREDICATE_ROUTE_ATTR, route.getId());
            boolean matched;
            try {
                Publisher<Boolean> answer = route.getPredicate().apply(exchange);
                if (!(answer instanceof Fuseable.ScalarCallable<?> immediate)) {
                    return super.lookupRoute(exchange);
                }
                matched = Boolean.TRUE.equals(immediate.call());
            } catch (Exception e) {
                // As the gateway's lookup does: a failing predicate is logged and does not match.
                log.error("Error applying predicate for route: {}", route.getId(), e);
                continue;
            }
            if (matched) {
                validateRoute(route, exchange);
                return Mono.just(route);
            }
        }
        return Mono.empty();
    }
}
