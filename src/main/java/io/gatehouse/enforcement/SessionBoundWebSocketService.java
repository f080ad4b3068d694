package io.gatehouse.enforcement;

import io.gatehouse.config.PolicyMode;
import io.gatehouse.cookies.CookieHeader;
import io.gatehouse.policy.ResolvedPolicy;
import io.gatehouse.session.GatehouseSession;
import io.gatehouse.session.OpenWebSockets;
import io.gatehouse.session.SessionCookieResolver;
import io.gatehouse.session.VerifiedSessionCache;
import io.gatehouse.store.StoreHealth;
import io.gatehouse.web.ExchangeAttributes;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The WebSocket handshake of Spring Cloud Gateway's {@code WebsocketRoutingFilter}, with each socket opened on a
 * non-bypass route for a released Gatehouse session recorded in {@link OpenWebSockets} for as long as it is open, so
 * that it is closed when that session ends. Enforcement has already let the upgrade through; this only records whose
 * it is. Bypass routes are left alone: anyone may open those without a session, so closing them would protect nothing.
 */
final class SessionBoundWebSocketService implements WebSocketService {

    private static final Logger log = LoggerFactory.getLogger(SessionBoundWebSocketService.class);

    private final WebSocketService gateway;
    private final OpenWebSockets sockets;
    private final VerifiedSessionCache cache;
    private final StoreHealth health;
    private final boolean reportOnly;

    /** In report-only mode nothing is recorded: sockets stay open as they would without Gatehouse. */
    SessionBoundWebSocketService(
            WebSocketService gateway,
            OpenWebSockets sockets,
            VerifiedSessionCache cache,
            StoreHealth health,
            boolean reportOnly) {
        this.gateway = gateway;
        this.sockets = sockets;
        this.cache = cache;
        this.health = health;
        this.reportOnly = reportOnly;
    }

    @Override
    public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
        ResolvedPolicy policy = exchange.getAttribute(ExchangeAttributes.RESOLVED_POLICY);
        if (reportOnly || policy != null && policy.mode() == PolicyMode.BYPASS) {
            return gateway.handleRequest(exchange, handler);
        }
        return owner(exchange)
                .map(owner -> tracked(handler, owner))
                .defaultIfEmpty(handler)
                .flatMap(chosen -> gateway.handleRequest(exchange, chosen));
    }

    /**
     * The session the upgrade was let through for, if its cookies were released: from the snapshot enforcement has
     * just used (no Redis command), else from the session enforcement loaded for this request.
     */
    private Mono<Owner> owner(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        String id = CookieHeader.single(request, SessionCookieResolver.cookieName(request));
        Optional<VerifiedSessionCache.Snapshot> snapshot = id == null ? Optional.empty() : cache.get(id);
        if (snapshot.isPresent()) {
            return Mono.just(new Owner(id, snapshot.get().user()));
        }
        return health.guard(GatehouseSession.of(exchange))
                .filter(session -> session.state().released() && session.user().isPresent())
                .map(session ->
                        new Owner(session.webSession().getId(), session.user().get()));
    }

    private WebSocketHandler tracked(WebSocketHandler handler, Owner owner) {
        return new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return handler.getSubProtocols();
            }

            @Override
            public Mono<Void> handle(WebSocketSession socket) {
                return Mono.using(
                        () -> sockets.register(
                                owner.sessionId(),
                                owner.user(),
                                status -> socket.close(status)
                                        .subscribe(
                                                null,
                                                e -> log.debug("closing WebSocket {} failed", socket.getId(), e))),
                        registered -> handler.handle(socket),
                        Runnable::run);
            }
        };
    }

    private record Owner(String sessionId, String user) {}
}
