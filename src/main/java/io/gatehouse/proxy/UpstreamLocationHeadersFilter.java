package io.gatehouse.proxy;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Rewrites response headers that point at the upstream's own origin ({@code Location},
 * {@code Content-Location}, {@code Refresh}) into relative references, so the browser stays on the
 * gateway. Relative references do not depend on a client-supplied {@code Host} header.
 */
final class UpstreamLocationHeadersFilter implements HttpHeadersFilter {

    private static final List<String> URL_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_LOCATION);

    private final List<String> origins;

    UpstreamLocationHeadersFilter(URI upstream) {
        String scheme = upstream.getScheme().toLowerCase(Locale.ROOT);
        String host = upstream.getHost().toLowerCase(Locale.ROOT);
        int port = upstream.getPort();
        int defaultPort = "https".equals(scheme) ? 443 : 80;
        if (port == -1 || port == defaultPort) {
            // The upstream may spell its default port or leave it out.
            origins = List.of(scheme + "://" + host + ":" + defaultPort, scheme + "://" + host);
        } else {
            origins = List.of(scheme + "://" + host + ":" + port);
        }
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        if (!input.containsHeader(HttpHeaders.LOCATION)
                && !input.containsHeader(HttpHeaders.CONTENT_LOCATION)
                && !input.containsHeader("Refresh")) {
            return input;
        }
        HttpHeaders output = new HttpHeaders();
        output.putAll(input);
        for (String name : URL_HEADERS) {
            String value = input.getFirst(name);
            if (value != null) {
                output.set(name, relativize(value));
            }
        }
        String refresh = input.getFirst("Refresh");
        if (refresh != null) {
            output.set("Refresh", rewriteRefresh(refresh));
        }
        return output;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.RESPONSE;
    }

    /** {@code http://upstream:8081/admin?x=1} becomes {@code /admin?x=1}; anything else is kept as is. */
    String relativize(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        for (String origin : origins) {
            if (lower.startsWith(origin)) {
                String rest = url.substring(origin.length());
                if (rest.isEmpty()) {
                    return "/";
                }
                char first = rest.charAt(0);
                if (first == '/') {
                    return rest;
                }
                if (first == '?' || first == '#') {
                    return "/" + rest;
                }
            }
        }
        return url;
    }

    private String rewriteRefresh(String refresh) {
        int index = refresh.toLowerCase(Locale.ROOT).indexOf("url=");
        if (index < 0) {
            return refresh;
        }
        return refresh.substring(0, index + 4)
                + relativize(refresh.substring(index + 4).trim());
    }
}
