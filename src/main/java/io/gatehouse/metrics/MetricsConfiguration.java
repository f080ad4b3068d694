package io.gatehouse.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Gatehouse's counters in the application's meter registry (none: counted into nothing), and the method tag of the gateway's request timer. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    GatehouseMetrics gatehouseMetrics(ObjectProvider<MeterRegistry> registry) {
        MeterRegistry meters = registry.getIfUnique();
        return meters == null ? GatehouseMetrics.none() : new GatehouseMetrics(meters);
    }

    /** Applied by Spring Boot to the meter registries: keeps Spring Cloud Gateway's request timer to known methods. */
    @Bean
    GatewayRequestMethodFilter gatewayRequestMethodFilter() {
        return new GatewayRequestMethodFilter();
    }
}
