package io.gatehouse.proxy;

import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.UpstreamProperties;
import io.gatehouse.web.GatehousePaths;
import io.netty.channel.ChannelOption;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** One route: everything outside Gatehouse's reserved prefix goes to the upstream, unchanged. */
@Configuration(proxyBeanMethods = false)
class UpstreamRouteConfiguration {

    static final String ROUTE_ID = "upstream";

    @Bean
    RouteLocator upstreamRoute(
            RouteLocatorBuilder builder, GatehouseProperties properties, PublicServerPort publicServerPort) {
        UpstreamProperties upstream = properties.upstream();
        // No timeouts in the route's metadata: Spring Cloud Gateway would then copy the HTTP client's configuration
        // and schedule a timer on every request. upstreamTimeoutsCustomizer and UpstreamResponseTimeoutFilter set them.
        return builder.routes()
                .route(
                        ROUTE_ID,
                        route -> route.predicate(exchange -> publicServerPort.received(exchange)
                                        && !GatehousePaths.isReserved(
                                                exchange.getRequest().getURI().getPath()))
                                .filters(filters -> upstream.preserveHost() ? filters.preserveHostHeader() : filters)
                                .uri(upstream.origin()))
                .build();
    }

    /** Takes the place of the gateway's route mapping (the gateway defines its own only when none is defined). */
    @Bean
    DirectRouteHandlerMapping directRouteHandlerMapping(
            FilteringWebHandler webHandler,
            RouteLocator routeLocator,
            GlobalCorsProperties globalCorsProperties,
            Environment environment) {
        return new DirectRouteHandlerMapping(webHandler, routeLocator, globalCorsProperties, environment);
    }

    /** {@code gatehouse.upstream.connect-timeout}, set once on the HTTP client all proxied requests share. */
    @Bean
    HttpClientCustomizer upstreamTimeoutsCustomizer(GatehouseProperties properties) {
        int connectMillis =
                Math.toIntExact(properties.upstream().connectTimeout().toMillis());
        return client -> client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis);
    }

    @Bean
    UpstreamResponseTimeoutFilter upstreamResponseTimeoutFilter(GatehouseProperties properties) {
        return new UpstreamResponseTimeoutFilter(properties.upstream().responseTimeout());
    }

    /** Only where certificates are configured: otherwise Spring Cloud Gateway verifies with the JVM's trust store. */
    @Bean
    HttpClientCustomizer upstreamTrustCustomizer(GatehouseProperties properties) {
        return UpstreamTrustCustomizer.forCertificates(properties.upstream().trustedCertificates());
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
    UpstreamRequestHeadersFilter upstreamRequestHeadersFilter(GatehouseProperties properties) {
        return new UpstreamRequestHeadersFilter(
                java.util.Set.of(
                        GatehousePaths.SESSION_COOKIE,
                        GatehousePaths.SECURE_SESSION_COOKIE,
                        GatehousePaths.DEVICE_COOKIE,
                        GatehousePaths.DEVICE_COOKIE_TLS),
                new ClientHeaderNames(properties.upstream().forwardHeaders()));
    }
}
