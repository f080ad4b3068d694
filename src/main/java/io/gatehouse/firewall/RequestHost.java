package io.gatehouse.firewall;

import io.gatehouse.web.ExchangeAttributes;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/** The host a request names, as the policy may read it: one that passed {@link HostWebFilter}. */
public final class RequestHost {

    private RequestHost() {}

    /**
     * The host {@link HostWebFilter} (or the forward-auth verify call) checked against {@code gatehouse.server.hosts};
     * without a hosts list, the {@code Host} header, which no policy rule may then read (rules with {@code hosts:}
     * are refused at start).
     */
    public static String of(ServerWebExchange exchange) {
        String checked = exchange.getAttribute(ExchangeAttributes.HOST);
        return checked != null ? checked : exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST);
    }
}
