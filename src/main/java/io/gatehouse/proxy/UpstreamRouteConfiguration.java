package io.gatehouse.proxy;

import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.UpstreamProperties;
import java.util.Map;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One route: everything outside Gatehouse's reserved prefix goes to the upstream, unchanged. */
@Configuration(proxyBeanMethods = false)
class UpstreamRouteConfiguration {

    static final String ROUTE_ID = "upstream";

    @Bean
    RouteLocator upstreamRoute(RouteLocatorBuilder builder, GatehouseProperties properties,
            PublicServerPort publicServerPort) {
        UpstreamProperties upstream = properties.upstream();
        Map<String, Object> timeouts = Map.of(
                RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, Math.toIntExact(upstream.connectTimeout().toMillis()),
                RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, upstream.responseTimeout().toMillis());
        return builder.routes()
                .route(ROUTE_ID, route -> route
                        .predicate(exchange -> publicServerPort.received(exchange)
                                && !GatehousePaths.isReserved(exchange.getRequest().getURI().getPath()))
                        .filters(filters -> upstream.preserveHost() ? filters.preserveHostHeader() : filters)
                        .metadata(timeouts)
                        .uri(upstream.origin()))
                .build();
    }

    @Bean
    PublicServerPort publicServerPort() {
        return new PublicServerPort();
    }

    @Bean
    UpstreamLocationHeadersFilter upstreamLocationHeadersFilter(GatehouseProperties properties) {
        return new UpstreamLocationHeadersFilter(properties.upstream().url());
    }

    @Bean
    UpstreamRequestHeadersFilter upstreamRequestHeadersFilter() {
        return new UpstreamRequestHeadersFilter(java.util.Set.of(GatehousePaths.SESSION_COOKIE,
                GatehousePaths.DEVICE_COOKIE, GatehousePaths.DEVICE_COOKIE_TLS));
    }
}
