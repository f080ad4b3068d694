package io.gatehouse.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * For tests that start and close whole applications themselves: gives the application its own Reactor Netty
 * event loops, so that closing it does not shut down the JVM-wide ones that the test framework's cached
 * applications still use (Spring Boot's default factory disposes the global resources on close).
 */
@Configuration(proxyBeanMethods = false)
public class IsolatedReactorResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }
}
