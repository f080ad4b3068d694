package io.gatehouse.challenge;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.upstream.CookieRelease;
import io.gatehouse.upstream.SessionLifetime;
import io.gatehouse.web.CsrfProtection;
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
    RouterFunction<ServerResponse> challengeRoutes(TwoFactorService twoFactor, CookieRelease cookieRelease,
            PageRenderer pages, CsrfProtection csrf, Clock clock, GatehouseProperties properties,
            SecurityEvents events, SessionLifetime lifetime) {
        ChallengeHandler handler = new ChallengeHandler(twoFactor, cookieRelease, pages, csrf, clock,
                properties.upstream().loginPage(), events, properties.challenge().rememberBrowser(), lifetime);
        return route(GET(ChallengeHandler.CHALLENGE), handler::showChallenge)
                .andRoute(POST(ChallengeHandler.CHALLENGE), handler::submitChallenge)
                .andRoute(GET(ChallengeHandler.RECOVERY), handler::showRecovery)
                .andRoute(POST(ChallengeHandler.RECOVERY), handler::submitRecovery);
    }
}
