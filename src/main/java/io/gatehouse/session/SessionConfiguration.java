package io.gatehouse.session;

import io.gatehouse.config.GatehouseProperties;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Gatehouse's own session: its lifetime and the CSRF token it carries for Gatehouse's forms. */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    /** {@code gatehouse.session.*}: the idle and absolute limits of a verified session. */
    @Bean
    SessionLifetime sessionLifetime(GatehouseProperties properties, Clock clock) {
        return new SessionLifetime(properties.session(), clock);
    }

    @Bean
    CsrfProtection csrfProtection(SecureRandom random) {
        return new CsrfProtection(random);
    }
}
