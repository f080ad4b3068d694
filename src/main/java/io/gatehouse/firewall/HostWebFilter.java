package io.gatehouse.firewall;

import io.gatehouse.proxy.PublicServerPort;
import io.gatehouse.web.ExchangeAttributes;
import io.gatehouse.web.FilterOrder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.headers.TrustedProxies;
import org.springframework.core.Ordered;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers 421 Misdirected Request, before the policy runs, to a request that names a host outside
 * {@code gatehouse.server.hosts}: its {@code Host}, or behind a trusted proxy ({@code
 * spring.cloud.gateway.server.webflux.trusted-proxies}) the {@code X-Forwarded-Host} that proxy set, and every
 * {@code X-Forwarded-Host} a client sent itself. The host that passed is left in {@link ExchangeAttributes#HOST} for
 * the policy's {@code hosts:} conditions. Off when no hosts are listed; the management port is not checked, nor is
 * the forward-auth verify call, whose own {@code Host} is the front proxy's business (it checks the host it names).
 */
public final class HostWebFilter implements WebFilter, Ordered {

    static final String X_FORWARDED_HOST = "X-Forwarded-Host";

    private static final Logger log = LoggerFactory.getLogger(HostWebFilter.class);

    private static final byte[] BODY = "Misdirected request\n".getBytes(StandardCharsets.US_ASCII);

    private final ServedHosts hosts;
    private final TrustedProxies trustedProxies;
    private final PublicServerPort publicPort;
    private final String verifyPath;

    /**
     * @param trustedProxies the trusted-proxies pattern, or {@code null} when none is configured
     * @param verifyPath the forward-auth verify path when forward-auth is on, else {@code null}
     */
    public HostWebFilter(
            ServedHosts hosts, TrustedProxies trustedProxies, PublicServerPort publicPort, String verifyPath) {
        this.hosts = hosts;
        this.trustedProxies = trustedProxies;
        this.publicPort = publicPort;
        this.verifyPath = verifyPath;
    }

    @Override
    public int getOrder() {
        return FilterOrder.HOST.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!hosts.restricted()
                || !publicPort.received(exchange)
                || verifyPath != null && verifyPath.equals(exchange.getAttribute(ExchangeAttributes.CANONICAL_PATH))) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        String host = hostOf(request);
        if (host == null) {
            log.info(
                    "Refused {} {} with 421: host {} is not in gatehouse.server.hosts (X-Forwarded-Host {})",
                    request.getMethod(),
                    request.getPath(),
                    request.getHeaders().getFirst(HttpHeaders.HOST),
                    request.getHeaders().getOrEmpty(X_FORWARDED_HOST));
            return misdirected(exchange.getResponse());
        }
        exchange.getAttributes().put(ExchangeAttributes.HOST, host);
        return chain.filter(exchange);
    }

    /** The served host this request names, or null when it names one that is not served. */
    private String hostOf(ServerHttpRequest request) {
        List<String> forwarded = forwardedHosts(request.getHeaders());
        if (!forwarded.isEmpty() && fromTrustedProxy(request)) {
            // The nearest proxy appended (or set) the last entry; entries before it are what its client said.
            String last = forwarded.get(forwarded.size() - 1);
            return hosts.serves(last) ? last : null;
        }
        for (String claimed : forwarded) {
            if (!hosts.serves(claimed)) {
                return null;
            }
        }
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        return hosts.serves(host) ? host : null;
    }

    private static List<String> forwardedHosts(HttpHeaders headers) {
        List<String> values = headers.get(X_FORWARDED_HOST);
        if (values == null) {
            return List.of();
        }
        List<String> hosts = new ArrayList<>();
        for (String value : values) {
            for (String host : value.split(",")) {
                hosts.add(host.trim());
            }
        }
        return hosts;
    }

    private boolean fromTrustedProxy(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return trustedProxies != null
                && remote != null
                && remote.getAddress() != null
                && trustedProxies.isTrusted(remote.getAddress().getHostAddress());
    }

    private static Mono<Void> misdirected(ServerHttpResponse response) {
        response.setStatusCode(HttpStatus.MISDIRECTED_REQUEST);
        response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
        response.getHeaders().setCacheControl(CacheControl.noStore());
        response.getHeaders().setContentLength(BODY.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(BODY)));
    }
}
