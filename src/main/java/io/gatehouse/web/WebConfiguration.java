package io.gatehouse.web;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.gatehouse.config.GatehouseProperties;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.cloud.gateway.filter.headers.TrustedProxies;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Registers the web plumbing shared by every feature: templates, text, assets, CSRF and error pages. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** Templates compiled to classes at build time by jte-maven-plugin: no compiler or file watching at run time. */
    @Bean
    TemplateEngine pageTemplateEngine() {
        return TemplateEngine.createPrecompiled(ContentType.Html);
    }

    @Bean
    MessageBundles messageBundles(GatehouseProperties properties) {
        return new MessageBundles(properties.ui().forcedLanguage());
    }

    @Bean
    GatehouseAssets gatehouseAssets(GatehouseProperties properties) {
        return new GatehouseAssets(properties.ui());
    }

    @Bean
    PageRenderer pageRenderer(
            TemplateEngine pageTemplateEngine,
            MessageBundles messageBundles,
            GatehouseProperties properties,
            GatehouseAssets assets) {
        return new PageRenderer(pageTemplateEngine, messageBundles, properties.ui(), assets);
    }

    @Bean
    RouterFunction<ServerResponse> gatehouseAssetRoutes(GatehouseAssets assets) {
        return route(GET(GatehousePaths.ASSETS + "{name}"), assets::serve);
    }

    /** Reads the same setting as Spring Cloud Gateway's forwarded-header filters, so both trust the same proxies. */
    @Bean
    ClientAddressWebFilter clientAddressWebFilter(Environment environment) {
        String pattern = environment.getProperty(TrustedProxies.PROPERTY);
        return new ClientAddressWebFilter(pattern == null || pattern.isBlank() ? null : TrustedProxies.from(pattern));
    }

    /**
     * No server request is observed: every proxied request is already timed by the gateway
     * (spring_cloud_gateway_requests_seconds), and a second, server-wide observation per request would cost time on
     * the hot path and say nothing new. Gatehouse's filters are links of Spring's filter chain in the order
     * {@link FilterOrder} gives them.
     */
    @Bean
    WebHttpHandlerBuilderCustomizer gatehouseHttpHandler() {
        return builder -> builder.observationRegistry(ObservationRegistry.NOOP);
    }

    @Bean
    GatehouseErrorHandler gatehouseErrorHandler(PageRenderer pageRenderer) {
        return new GatehouseErrorHandler(pageRenderer);
    }
}
