package io.gatehouse.config;

import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The validated settings, and the clock and randomness every other part is given. */
@Configuration(proxyBeanMethods = false)
class GatehouseConfiguration {

    @Bean
    GatehouseProperties gatehouseProperties(Environment environment) {
        return GatehousePropertiesLoader.load(environment);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }
}
