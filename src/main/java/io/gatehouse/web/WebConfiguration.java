package io.gatehouse.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the web plumbing shared by every feature. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    GatehouseErrorHandler gatehouseErrorHandler() {
        return new GatehouseErrorHandler();
    }
}
