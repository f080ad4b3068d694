package io.gatehouse.audit;

import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.metrics.GatehouseMetrics;
import io.gatehouse.notify.Notifier;
import io.gatehouse.store.RedisKeys;
import io.gatehouse.store.TwoFactorService;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The audit trail and the security-event facade. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    AuditTrail auditTrail(ReactiveStringRedisTemplate redis, RedisKeys keys, GatehouseProperties properties) {
        return new AuditTrail(redis, keys, properties.audit().maxEvents());
    }

    @Bean
    SecurityEvents securityEvents(
            AuditTrail trail, Notifier notifier, TwoFactorService twoFactor, Clock clock, GatehouseMetrics metrics) {
        return new SecurityEvents(trail, notifier, twoFactor, clock, metrics);
    }
}
