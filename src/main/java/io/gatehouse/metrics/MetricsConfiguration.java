package io.gatehouse.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Gatehouse's counters and the proxied-request timer, in the application's meter registry (none: counted into nothing). */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    GatehouseMetrics gatehouseMetrics(ObjectProvider<MeterRegistry> registry) {
        MeterRegistry meters = registry.getIfUnique();
        return meters == null ? GatehouseMetrics.none() : new GatehouseMetrics(meters);
    }

    /** Spring Cloud Gateway's own request timer is switched off in application.yml; this one takes its place. */
    @Bean
    GatewayRequestTimerFilter gatewayRequestTimerFilter(MeterRegistry registry) {
        return new GatewayRequestTimerFilter(registry);
    }
}
