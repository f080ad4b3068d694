package io.gatehouse.firewall;

import io.gatehouse.config.FirewallProperties;
import io.gatehouse.web.ExchangeAttributes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Refuses with 400 every request whose target can be read in more than one way, before any other filter
 * sees it; an accepted request carries its decoded path in {@link ExchangeAttributes#CANONICAL_PATH}.
 */
public final class FirewallWebFilter implements WebFilter, Ordered {

    /** Runs before every other filter of Gatehouse, Spring Security and Spring Cloud Gateway. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private static final Logger logger = LoggerFactory.getLogger(FirewallWebFilter.class);

    private static final byte[] BODY = "Bad request\n".getBytes(StandardCharsets.US_ASCII);

    private static final int MAX_LOGGED_TARGET = 200;

    private final boolean allowUtf8Paths;

    public FirewallWebFilter(FirewallProperties properties) {
        this.allowUtf8Paths = properties.allowUtf8Paths();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String rawTarget = rawTarget(request);
        Rejection rejection = RequestTarget.checkHost(request.getHeaders().get(HttpHeaders.HOST));
        if (rejection == null) {
            rejection = checkTarget(
                    request.getURI(), rawTarget, request.getHeaders().getFirst(HttpHeaders.HOST));
        }
        if (rejection == null) {
            CanonicalPath.Result path = CanonicalPath.of(request.getURI().getRawPath(), allowUtf8Paths);
            if (path.isAccepted()) {
                exchange.getAttributes().put(ExchangeAttributes.CANONICAL_PATH, path.path());
                return chain.filter(exchange);
            }
            rejection = path.rejection().orElseThrow();
        }
        if (logger.isInfoEnabled()) {
            logger.info("Refused {} {}: {}", request.getMethod(), printable(rawTarget), rejection.reason());
        }
        return refuse(exchange.getResponse());
    }

    /**
     * The canonical path of a request target that a front proxy names in a header (origin-form: a path and an optional
     * query) for {@code host}, by the same rules as the request line; null where this filter would answer 400.
     */
    public String canonicalPathOf(String rawTarget, String host) {
        if (rawTarget == null
                || !rawTarget.startsWith("/")
                || rawTarget.indexOf('#') >= 0
                || host != null && RequestTarget.checkHost(java.util.List.of(host)) != null) {
            return null;
        }
        int query = rawTarget.indexOf('?');
        String path = query < 0 ? rawTarget : rawTarget.substring(0, query);
        if (query >= 0 && RequestTarget.checkQuery(rawTarget.substring(query + 1)) != null) {
            return null;
        }
        CanonicalPath.Result result = CanonicalPath.of(path, allowUtf8Paths);
        return result.isAccepted() ? result.path() : null;
    }

    private static Rejection checkTarget(URI uri, String rawTarget, String host) {
        if (uri.getRawFragment() != null || rawTarget.indexOf('#') >= 0) {
            return Rejection.INVALID_CHARACTER;
        }
        Rejection rejection = RequestTarget.checkAbsoluteForm(rawTarget, host);
        return rejection != null ? rejection : RequestTarget.checkQuery(uri.getRawQuery());
    }

    /**
     * The request target as it was on the request line. Spring keeps only the path and query of an
     * absolute-form target ({@code GET http://other/x}) and takes the host from the Host header, so the
     * foreign authority is only visible in Reactor Netty's own request.
     */
    private static String rawTarget(ServerHttpRequest request) {
        if (nativeRequest(request) instanceof HttpServerRequest nettyRequest) {
            return nettyRequest.uri();
        }
        URI uri = request.getURI();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static Object nativeRequest(ServerHttpRequest request) {
        try {
            return ServerHttpRequestDecorator.getNativeRequest(request);
        } catch (IllegalStateException ex) {
            // Mock requests (WebTestClient bound to a handler) have no native request.
            return null;
        }
    }

    private static Mono<Void> refuse(ServerHttpResponse response) {
        response.setStatusCode(HttpStatus.BAD_REQUEST);
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
        headers.setCacheControl(CacheControl.noStore());
        headers.set(HttpHeaders.CONNECTION, "close");
        DataBuffer body = response.bufferFactory().wrap(BODY);
        return response.writeWith(Mono.just(body));
    }

    /** The target for the log: control and non-ASCII characters escaped, so it cannot forge log lines. */
    private static String printable(String target) {
        StringBuilder out = new StringBuilder(Math.min(target.length(), MAX_LOGGED_TARGET) + 8);
        for (int i = 0; i < target.length() && i < MAX_LOGGED_TARGET; i++) {
            char c = target.charAt(i);
            if (c < 0x20 || c >= 0x7F) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (target.length() > MAX_LOGGED_TARGET) {
            out.append("...");
        }
        return out.toString();
    }
}
