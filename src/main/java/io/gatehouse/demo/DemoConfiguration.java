package io.gatehouse.demo;

import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/** The {@code demo} profile: runs the bundled legacy site next to Gatehouse and says how to sign in. */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DemoConfiguration.class);

    @Bean(destroyMethod = "close")
    LegacyDemoSite legacyDemoSite(@Value("${demo.site.port:8081}") int port) {
        return LegacyDemoSite.start(new InetSocketAddress("127.0.0.1", port));
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> demoBanner(LegacyDemoSite site, Environment environment) {
        return event -> {
            String gatewayPort = environment.getProperty("local.server.port", "8080");
            StringBuilder banner = new StringBuilder()
                    .append("\n\n  Gatehouse demo is running.")
                    .append("\n  Open http://localhost:")
                    .append(gatewayPort)
                    .append("/  (Gatehouse, in front of the legacy site on 127.0.0.1:")
                    .append(site.port())
                    .append(')')
                    .append("\n  Sign in with one of the legacy site's own accounts:");
            for (DemoUser user : site.users()) {
                banner.append("\n    ")
                        .append(String.format("%-20s", user.email()))
                        .append("  password: ")
                        .append(String.format("%-16s", user.password()))
                        .append(
                                user.admin()
                                        ? "  (site administrator; Gatehouse's admin console: /_gatehouse/admin)"
                                        : "");
            }
            banner.append("\n  Stop with Ctrl+C.\n");
            log.info(banner.toString());
        };
    }
}
