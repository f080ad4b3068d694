package io.gatehouse.web;

import io.gatehouse.session.GatehouseSession;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.WebFilter;

/**
 * TEST ONLY: stands in for the login observer. A request with {@code X-Test-Sign-In: alice} puts the session in the
 * PENDING state for alice, with the upstream cookie {@code LEGACYSESSID=abc} held and {@code /admin} to return to;
 * {@code X-Test-Enrolled: true} says alice already has a second factor.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestSignInConfiguration {

    public static final String HELD_COOKIE = "LEGACYSESSID=abc; Path=/; HttpOnly";
    public static final String RETURN_TO = "/admin";

    @Bean
    WebFilter testSignInFilter(io.gatehouse.cookies.HeldCookies heldCookies) {
        return (exchange, chain) -> {
            String user = exchange.getRequest().getHeaders().getFirst("X-Test-Sign-In");
            if (user == null) {
                return chain.filter(exchange);
            }
            boolean enrolled = "true".equals(exchange.getRequest().getHeaders().getFirst("X-Test-Enrolled"));
            return GatehouseSession.of(exchange).flatMap(session -> {
                session.signIn(user, enrolled, heldCookies.seal(user, List.of(HELD_COOKIE)), RETURN_TO);
                return chain.filter(exchange);
            });
        };
    }
}
