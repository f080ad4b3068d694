package io.gatehouse.firewall;

import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.proxy.PublicServerPort;
import io.gatehouse.web.GatehousePaths;
import org.springframework.cloud.gateway.filter.headers.TrustedProxies;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The request firewall and the served-hosts check, both before the policy. */
@Configuration(proxyBeanMethods = false)
class FirewallConfiguration {

    @Bean
    FirewallWebFilter firewallWebFilter(GatehouseProperties properties) {
        return new FirewallWebFilter(properties.firewall());
    }

    /** Trusts the same proxies as Spring Cloud Gateway's forwarded-header filters for {@code X-Forwarded-Host}. */
    @Bean
    HostWebFilter hostWebFilter(GatehouseProperties properties, PublicServerPort publicPort, Environment environment) {
        String pattern = environment.getProperty(TrustedProxies.PROPERTY);
        return new HostWebFilter(
                new ServedHosts(properties.server().hosts()),
                pattern == null || pattern.isBlank() ? null : TrustedProxies.from(pattern),
                publicPort,
                properties.forwardAuth().enabled() ? GatehousePaths.VERIFY : null);
    }
}
