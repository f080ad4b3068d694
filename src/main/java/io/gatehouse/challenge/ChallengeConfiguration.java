package io.gatehouse.challenge;

import static io.gatehouse.session.SessionPageHandler.withSession;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.cookies.CookieRelease;
import io.gatehouse.session.CsrfProtection;
import io.gatehouse.session.SessionLifetime;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.web.GatehousePaths;
import io.gatehouse.web.PageFailureFilter;
import io.gatehouse.web.PageRenderer;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Routes {@code /_gatehouse/challenge} and {@code /_gatehouse/recovery}. */
@Configuration(proxyBeanMethods = false)
class ChallengeConfiguration {

    @Bean
    RouterFunction<ServerResponse> challengeRoutes(
            TwoFactorService twoFactor,
            CookieRelease cookieRelease,
            PageRenderer pages,
            CsrfProtection csrf,
            Clock clock,
            GatehouseProperties properties,
            SecurityEvents events,
            SessionLifetime lifetime) {
        ChallengeHandler handler = new ChallengeHandler(
                twoFactor,
                cookieRelease,
                pages,
                csrf,
                clock,
                properties.upstream().loginPage(),
                events,
                properties.challenge().rememberBrowser(),
                lifetime);
        return route(GET(GatehousePaths.CHALLENGE), withSession(handler::showChallenge))
                .andRoute(POST(GatehousePaths.CHALLENGE), withSession(handler::submitChallenge))
                .andRoute(GET(GatehousePaths.RECOVERY), withSession(handler::showRecovery))
                .andRoute(POST(GatehousePaths.RECOVERY), withSession(handler::submitRecovery))
                .filter(new PageFailureFilter(pages));
    }
}
