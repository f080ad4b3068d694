package io.gatehouse.enforcement;

import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.session.GatehouseSession;
import io.gatehouse.session.OpenWebSockets;
import io.gatehouse.session.SessionLifetime;
import io.gatehouse.session.SessionState;
import io.gatehouse.session.VerifiedSessionCache;
import io.gatehouse.store.StoreHealth;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.session.data.redis.ReactiveRedisIndexedSessionRepository;
import org.springframework.web.reactive.socket.server.WebSocketService;

/** Proxied WebSockets bound to their Gatehouse session: recorded at the handshake, closed when the session ends. */
@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration {

    /**
     * Half a second between sweeps, and at most that for one read: a socket outlives its session by less than the one
     * second an HTTP request may (see {@link VerifiedSessionCache}), Redis answering or not.
     */
    static final Duration SWEEP = Duration.ofMillis(500);

    @Bean(destroyMethod = "close")
    OpenWebSockets openWebSockets(
            ReactiveRedisIndexedSessionRepository sessions, StoreHealth health, SessionLifetime lifetime) {
        // findById answers empty for a session that was deleted, renamed away or has expired; a verified session past
        // its idle or absolute limit (gatehouse.session.*) counts as ended too.
        OpenWebSockets sockets = new OpenWebSockets(
                id -> health.guard(sessions.findById(id))
                        .map(stored -> lifetime.ended(stored)
                                ? new OpenWebSockets.StoredSession(SessionState.ANONYMOUS, java.util.Optional.empty())
                                : GatehouseSession.stored(stored)),
                health::isUp,
                SWEEP);
        sockets.start(SWEEP);
        return sockets;
    }

    /**
     * Takes the place of the gateway's own {@code webSocketService} bean (which it wraps) in its
     * {@code WebsocketRoutingFilter}; that bean has no "missing bean" condition to replace it by.
     */
    @Bean
    @Primary
    WebSocketService sessionBoundWebSocketService(
            @Qualifier("webSocketService") WebSocketService gateway,
            OpenWebSockets sockets,
            VerifiedSessionCache cache,
            StoreHealth health,
            GatehouseProperties properties) {
        return new SessionBoundWebSocketService(gateway, sockets, cache, health, properties.reportOnly());
    }
}
