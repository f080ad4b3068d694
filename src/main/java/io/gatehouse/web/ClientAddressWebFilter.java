package io.gatehouse.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.cloud.gateway.filter.headers.TrustedProxies;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Resolves the client's address once per request. It is the socket's address, unless the socket belongs to a proxy
 * named in {@code spring.cloud.gateway.server.webflux.trusted-proxies}: then it is the nearest
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy (the one a trusted proxy appended; entries to its
 * left are the client's own word).
 */
final class ClientAddressWebFilter implements WebFilter, Ordered {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    /** IPv4 or IPv6 literals only: anything else in the header falls back to the proxy's own address. */
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final TrustedProxies trustedProxies;

    /** @param trustedProxies the trusted-proxies pattern, or {@code null} when none is configured */
    ClientAddressWebFilter(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** The address is worked out when first asked for: most requests (a verified page view) never need it. */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getAttributes()
                .put(ExchangeAttributes.CLIENT_ADDRESS, new ClientAddress.Deferred(this, exchange.getRequest()));
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return FilterOrder.CLIENT_ADDRESS.order();
    }

    String resolve(ServerHttpRequest request) {
        String socket = ClientAddress.socket(request);
        if (trustedProxies == null || !trustedProxies.isTrusted(socket)) {
            return socket;
        }
        List<String> hops = new ArrayList<>();
        for (String header : request.getHeaders().getOrEmpty(X_FORWARDED_FOR)) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (!ADDRESS.matcher(hop).matches()) {
                return socket;
            }
            if (!trustedProxies.isTrusted(hop)) {
                return hop;
            }
        }
        return socket;
    }
}
