package io.gatehouse.proxy;

import io.gatehouse.cookies.CookieHeader;
import io.gatehouse.web.ExchangeAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Shapes the headers a request takes upstream: client-sent {@code X-Gatehouse-*} headers are removed (a
 * browser must never impersonate what Gatehouse tells the upstream), so are headers with which an application
 * lets a front proxy assert the user, override the URL, the method or the client address ({@code X-Remote-User},
 * {@code X-Original-URL}, {@code X-Real-IP}, ..., see {@link ClientHeaderNames}: the policy decided on the request
 * line and the socket, not on them), Gatehouse's own identity headers are
 * added where configured, and Gatehouse's own cookies (its session, the remembered-browser token) are kept from
 * the upstream. {@code X-Forwarded-*} and {@code Forwarded} are Spring Cloud Gateway's to handle: without trusted
 * proxies it removes them.
 */
final class UpstreamRequestHeadersFilter implements HttpHeadersFilter {

    private final Set<String> ownCookieNames;
    private final ClientHeaderNames removed;

    /**
     * {@code ownCookieNames}: Gatehouse's own cookies (its session, the remembered-browser token); {@code removed}: the
     * client headers kept from the site.
     */
    UpstreamRequestHeadersFilter(Set<String> ownCookieNames, ClientHeaderNames removed) {
        this.ownCookieNames = Set.copyOf(ownCookieNames);
        this.removed = removed;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        Map<String, String> identity = exchange.getAttribute(ExchangeAttributes.IDENTITY_HEADERS);
        boolean ownCookie = carriesSessionCookie(input);
        boolean forbidden = hasForbiddenHeader(input);
        if (identity == null && !ownCookie && !forbidden) {
            return input;
        }
        HttpHeaders output = writable(input, exchange);
        if (forbidden) {
            List<String> names = new ArrayList<>(2);
            output.forEach((name, values) -> {
                if (removed.isRemoved(name)) {
                    names.add(name);
                }
            });
            names.forEach(output::remove);
        }
        if (ownCookie) {
            List<String> kept = withoutSessionCookie(output.getOrEmpty(HttpHeaders.COOKIE));
            if (kept.isEmpty()) {
                output.remove(HttpHeaders.COOKIE);
            } else {
                output.put(HttpHeaders.COOKIE, kept);
            }
        }
        if (identity != null) {
            identity.forEach(output::set);
        }
        return output;
    }

    /**
     * Headers this filter may change: {@code input} itself when an earlier headers filter made it (Spring Cloud
     * Gateway's hop-by-hop filter, ordered before this one, always does), a copy when it is the request's own,
     * read-only headers or of some other kind.
     */
    private static HttpHeaders writable(HttpHeaders input, ServerWebExchange exchange) {
        if (input.getClass() == HttpHeaders.class
                && input != exchange.getRequest().getHeaders()) {
            return input;
        }
        HttpHeaders copy = new HttpHeaders();
        copy.addAll(input);
        return copy;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST;
    }

    private boolean hasForbiddenHeader(HttpHeaders headers) {
        boolean[] found = new boolean[1];
        // forEach visits the headers in place; headerNames() would copy every name into a new set first.
        headers.forEach((name, values) -> found[0] |= removed.isRemoved(name));
        return found[0];
    }

    private boolean carriesSessionCookie(HttpHeaders headers) {
        for (String cookie : headers.getOrEmpty(HttpHeaders.COOKIE)) {
            for (String name : ownCookieNames) {
                if (cookie.contains(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The {@code Cookie} headers without Gatehouse's own cookies, read by the one cookie tokenizer. */
    private List<String> withoutSessionCookie(List<String> cookieHeaders) {
        List<String> kept = new ArrayList<>(cookieHeaders.size());
        for (String header : cookieHeaders) {
            String rest = CookieHeader.without(header, ownCookieNames::contains);
            if (!rest.isEmpty()) {
                kept.add(rest);
            }
        }
        return kept;
    }
}
