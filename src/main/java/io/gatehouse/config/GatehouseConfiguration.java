package io.gatehouse.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The validated settings, as one bean every feature is given. */
@Configuration(proxyBeanMethods = false)
class GatehouseConfiguration {

    @Bean
    GatehouseProperties gatehouseProperties(Environment environment) {
        return GatehousePropertiesLoader.load(environment);
    }
}
