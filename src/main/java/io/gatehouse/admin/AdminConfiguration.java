package io.gatehouse.admin;

import static io.gatehouse.session.SessionPageHandler.withSession;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import io.gatehouse.audit.AuditTrail;
import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.session.CsrfProtection;
import io.gatehouse.session.OpenWebSockets;
import io.gatehouse.session.SessionLifetime;
import io.gatehouse.session.VerifiedSessionCache;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.web.GatehousePaths;
import io.gatehouse.web.PageFailureFilter;
import io.gatehouse.web.PageRenderer;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.data.redis.ReactiveRedisIndexedSessionRepository;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Routes {@code /_gatehouse/admin} and its actions; the account operations shared with the account page. */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    @Bean
    SessionRevoker sessionRevoker(
            ReactiveRedisIndexedSessionRepository sessions, VerifiedSessionCache cache, OpenWebSockets sockets) {
        // This gateway forgets the session and closes its WebSockets at once; the others within their one second.
        return new SessionRevoker(sessions, id -> {
            cache.evict(id);
            sockets.sessionEnded(id);
        });
    }

    @Bean
    AccountActions accountActions(TwoFactorService twoFactor, SessionRevoker revoker, SecurityEvents events) {
        return new AccountActions(twoFactor, revoker, events);
    }

    @Bean
    RouterFunction<ServerResponse> adminRoutes(
            AccountActions actions,
            AuditTrail trail,
            PageRenderer pages,
            CsrfProtection csrf,
            Clock clock,
            GatehouseProperties properties,
            SessionLifetime lifetime) {
        AdminAccess access = new AdminAccess(
                properties.admins(),
                properties.groupsProperties(),
                clock,
                lifetime,
                properties.upstream().usernamesKeepCase());
        AdminHandler handler = new AdminHandler(
                access, actions, trail, pages, csrf, properties.upstream().loginPage(), clock);
        return route(GET(GatehousePaths.ADMIN), withSession(handler::show))
                .andRoute(POST(GatehousePaths.ADMIN + "/disable"), withSession(handler::disable))
                .andRoute(POST(GatehousePaths.ADMIN + "/unlock"), withSession(handler::unlock))
                .andRoute(POST(GatehousePaths.ADMIN + "/require-enrollment"), withSession(handler::requireEnrollment))
                .andRoute(POST(GatehousePaths.ADMIN + "/revoke-sessions"), withSession(handler::revokeSessions))
                .filter(new PageFailureFilter(pages));
    }
}
