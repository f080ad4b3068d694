package io.gatehouse.proxy;

import java.util.Locale;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Removes every client-sent {@code X-Gatehouse-*} header before a request goes upstream, so a browser
 * can never impersonate what Gatehouse itself tells the upstream.
 */
final class GatehouseIdentityHeadersFilter implements HttpHeadersFilter {

    static final String HEADER_PREFIX = "x-gatehouse-";

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        boolean present = false;
        for (String name : input.headerNames()) {
            if (name.toLowerCase(Locale.ROOT).startsWith(HEADER_PREFIX)) {
                present = true;
                break;
            }
        }
        if (!present) {
            return input;
        }
        HttpHeaders output = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!name.toLowerCase(Locale.ROOT).startsWith(HEADER_PREFIX)) {
                output.addAll(name, values);
            }
        });
        return output;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST;
    }
}
