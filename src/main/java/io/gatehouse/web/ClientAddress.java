package io.gatehouse.web;

import java.net.InetSocketAddress;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/** The client address that failure limits count against and audit events record. */
public final class ClientAddress {

    /** The exchange attribute in which {@link ClientAddressWebFilter} leaves the resolved address. */
    private ClientAddress() {}

    /**
     * The address {@link ClientAddressWebFilter} resolved (the socket's, or the forwarded one where the socket is a
     * trusted proxy); the socket's address where the filter has not run. Never a header an untrusted client chose.
     */
    public static String of(ServerWebExchange exchange) {
        Deferred resolved = exchange.getAttribute(ExchangeAttributes.CLIENT_ADDRESS);
        return resolved != null ? resolved.get() : socket(exchange.getRequest());
    }

    /** The address of one request as {@link ClientAddressWebFilter} resolves it, worked out once, when first needed. */
    static final class Deferred {

        private final ClientAddressWebFilter filter;
        private final ServerHttpRequest request;
        private String address;

        Deferred(ClientAddressWebFilter filter, ServerHttpRequest request) {
            this.filter = filter;
            this.request = request;
        }

        String get() {
            String resolved = address;
            if (resolved == null) {
                resolved = filter.resolve(request);
                address = resolved;
            }
            return resolved;
        }
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
