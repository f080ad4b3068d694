package io.gatehouse.account;

import static io.gatehouse.session.SessionPageHandler.withSession;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import io.gatehouse.admin.AccountActions;
import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.policy.PolicyResolver;
import io.gatehouse.session.CsrfProtection;
import io.gatehouse.session.SessionLifetime;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.web.GatehousePaths;
import io.gatehouse.web.PageFailureFilter;
import io.gatehouse.web.PageRenderer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Routes {@code /_gatehouse/account} and its forms. */
@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

    @Bean
    RouterFunction<ServerResponse> accountRoutes(
            TwoFactorService twoFactor,
            AccountActions actions,
            PolicyResolver policy,
            PageRenderer pages,
            CsrfProtection csrf,
            GatehouseProperties properties,
            SessionLifetime lifetime) {
        AccountHandler handler = new AccountHandler(
                twoFactor, actions, policy, pages, csrf, properties.upstream().loginPage(), lifetime);
        return route(GET(GatehousePaths.ACCOUNT), withSession(handler::show))
                .andRoute(POST(GatehousePaths.ACCOUNT + "/activate"), withSession(handler::activate))
                .andRoute(POST(GatehousePaths.ACCOUNT + "/recovery-codes"), withSession(handler::regenerate))
                .andRoute(POST(GatehousePaths.ACCOUNT + "/disable"), withSession(handler::disable))
                .filter(new PageFailureFilter(pages));
    }
}
