package io.gatehouse.policy;

import io.gatehouse.config.GatehouseProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The policy, compiled once from the validated settings. */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

    @Bean
    PolicyResolver policyResolver(GatehouseProperties properties) {
        return PolicyResolver.compile(
                properties.policy(),
                properties.groupsProperties(),
                properties.upstream().usernamesKeepCase());
    }
}
