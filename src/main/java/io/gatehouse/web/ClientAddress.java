package io.gatehouse.web;

import java.net.InetSocketAddress;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/** The client address that failure limits count against and audit events record. */
public final class ClientAddress {

    /** The exchange attribute in which {@link ClientAddressWebFilter} leaves the resolved address. */
    static final String ATTRIBUTE = ClientAddress.class.getName();

    private ClientAddress() {
    }

    /**
     * The address {@link ClientAddressWebFilter} resolved (the socket's, or the forwarded one where the socket is a
     * trusted proxy); the socket's address where the filter has not run. Never a header an untrusted client chose.
     */
    public static String of(ServerWebExchange exchange) {
        String resolved = exchange.getAttribute(ATTRIBUTE);
        return resolved != null ? resolved : socket(exchange.getRequest());
    }

    /** The address of the TCP peer as text. */
    static String socket(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
