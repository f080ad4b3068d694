package io.gatehouse.session;

import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** A handler of one of Gatehouse's own pages, given the browser's Gatehouse session. */
@FunctionalInterface
public interface SessionPageHandler {

    Mono<ServerResponse> handle(ServerRequest request, GatehouseSession session);

    /** {@code handler} as a route's handler: the session is loaded from the store first. */
    static HandlerFunction<ServerResponse> withSession(SessionPageHandler handler) {
        return request -> GatehouseSession.of(request.exchange()).flatMap(session -> handler.handle(request, session));
    }
}
