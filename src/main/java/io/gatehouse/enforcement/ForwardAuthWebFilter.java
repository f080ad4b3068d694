package io.gatehouse.enforcement;

import io.gatehouse.config.ForwardAuthProperties;
import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.PolicyMode;
import io.gatehouse.firewall.FirewallWebFilter;
import io.gatehouse.firewall.ServedHosts;
import io.gatehouse.login.UpstreamLogins;
import io.gatehouse.policy.ResolvedPolicy;
import io.gatehouse.proxy.PublicServerPort;
import io.gatehouse.web.Answers;
import io.gatehouse.web.ExchangeAttributes;
import io.gatehouse.web.FilterOrder;
import io.gatehouse.web.GatehousePaths;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code GET /_gatehouse/verify}: a front proxy (nginx {@code auth_request}, Traefik ForwardAuth, Caddy
 * {@code forward_auth}) describes the request it is about to pass on, and Gatehouse judges that request exactly as
 * it would in proxy mode (firewall, policy, session, upstream-cookie fingerprint) by running the enforcement filter
 * on it. The answer is 200 with {@code X-Gatehouse-User}/{@code X-Gatehouse-Auth} (let it through), 401 with a
 * {@code Location} (a Gatehouse page or the login is needed; or 302 there in redirect mode) or 403 (denied or an
 * ambiguous target, a request named in the headers of another front proxy than the configured one, or a host outside
 * {@code gatehouse.server.hosts}). Off, or asked from an address that is not trusted, the endpoint does not exist (404).
 */
public final class ForwardAuthWebFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ForwardAuthWebFilter.class);

    private final boolean enabled;
    private final boolean redirectByDefault;
    private final List<IpSubnetFilterRule> trusted;
    private final FirewallWebFilter firewall;
    private final EnforcementWebFilter enforcement;
    private final UpstreamLogins logins;
    private final PublicServerPort publicPort;
    private final OriginalRequestHeaders originalHeaders;
    private final ServedHosts servedHosts;

    public ForwardAuthWebFilter(
            GatehouseProperties properties,
            FirewallWebFilter firewall,
            EnforcementWebFilter enforcement,
            PublicServerPort publicPort) {
        ForwardAuthProperties settings = properties.forwardAuth();
        this.enabled = settings.enabled();
        this.redirectByDefault = settings.redirect();
        this.trusted = settings.trustedAddresses().stream()
                .map(ForwardAuthWebFilter::rule)
                .toList();
        this.firewall = firewall;
        this.enforcement = enforcement;
        this.logins = new UpstreamLogins(properties);
        this.publicPort = publicPort;
        this.originalHeaders = new OriginalRequestHeaders(settings.proxy());
        this.servedHosts = new ServedHosts(properties.server().hosts());
    }

    @Override
    public int getOrder() {
        return FilterOrder.FORWARD_AUTH.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!GatehousePaths.VERIFY.equals(exchange.getAttribute(ExchangeAttributes.CANONICAL_PATH))
                || !publicPort.received(exchange)) {
            return chain.filter(exchange);
        }
        if (!enabled || !fromTrustedProxy(exchange.getRequest())) {
            // No route answers this path: the headers naming the original request are not to be believed from here.
            if (enabled) {
                log.info(
                        "forward-auth: verify request from untrusted address {} answered 404",
                        exchange.getRequest().getRemoteAddress());
            }
            return chain.filter(exchange);
        }
        return verify(exchange);
    }

    private Mono<Void> verify(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        OriginalRequestHeaders.Reading named = originalHeaders.read(request.getHeaders());
        if (named.refusal() != null) {
            log.warn("forward-auth: refused a verify call from {}: {}", request.getRemoteAddress(), named.refusal());
            return status(exchange, HttpStatus.FORBIDDEN);
        }
        String target = named.target();
        String method = named.method();
        String host = named.host();
        if (servedHosts.restricted() && !servedHosts.serves(host)) {
            log.info("forward-auth: refused {} for host {}: not in gatehouse.server.hosts", method, host);
            return status(exchange, HttpStatus.FORBIDDEN);
        }
        String path = firewall.canonicalPathOf(target, host);
        if (path == null || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            // Where proxy mode would answer 400, the front proxy is told to refuse.
            log.info("forward-auth: refused {} (target not shown): its target is ambiguous", method);
            return status(exchange, HttpStatus.FORBIDDEN);
        }
        ServerHttpRequest original = request.mutate()
                .method(HttpMethod.valueOf(method))
                .uri(URI.create(
                        request.getURI().getScheme() + "://" + request.getURI().getRawAuthority() + target))
                .headers(h -> {
                    if (host != null) {
                        h.set(HttpHeaders.HOST, host);
                    }
                })
                .build();
        if (logins.loginFor(original, path) != null || GatehousePaths.isReserved(path)) {
            log.warn(
                    "forward-auth: {} {} must be routed to Gatehouse itself, not through verify (Gatehouse has to see"
                            + " the upstream's answer to a login); refused",
                    method,
                    path);
            return status(exchange, HttpStatus.FORBIDDEN);
        }
        exchange.getAttributes().put(ExchangeAttributes.CANONICAL_PATH, path);
        if (servedHosts.restricted()) {
            exchange.getAttributes().put(ExchangeAttributes.HOST, host);
        }
        exchange.getAttributes().put(ExchangeAttributes.FORWARD_AUTH, Boolean.TRUE);
        boolean redirect =
                redirectByDefault || "redirect".equals(request.getQueryParams().getFirst("mode"));
        AtomicBoolean allowed = new AtomicBoolean();
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            if (!allowed.get()) {
                translate(exchange, response, redirect);
            }
            return Mono.empty();
        });
        ServerWebExchange judged = exchange.mutate().request(original).build();
        return enforcement
                .filter(judged, passed -> {
                    allowed.set(true);
                    return Mono.empty();
                })
                .then(Mono.defer(() -> allowed.get() ? allow(exchange) : Mono.empty()));
    }

    /** The enforcement filter let the request through: 200, with who is signed in for the front proxy to copy. */
    private static Mono<Void> allow(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setCacheControl("no-store");
        Map<String, String> identity = exchange.getAttribute(ExchangeAttributes.IDENTITY_HEADERS);
        if (identity != null) {
            identity.forEach(response.getHeaders()::set);
        }
        return response.setComplete();
    }

    /**
     * The enforcement filter answered as it would a browser: a redirect to a Gatehouse page or the login, a JSON 401/403,
     * or the deny page. A front proxy understands 2xx, 401 and 403 only, and redirects only in redirect mode.
     */
    private static void translate(ServerWebExchange exchange, ServerHttpResponse response, boolean redirect) {
        HttpStatusCode status = response.getStatusCode();
        if (status == null || status.is5xxServerError()) {
            return;
        }
        ResolvedPolicy decision = exchange.getAttribute(ExchangeAttributes.RESOLVED_POLICY);
        if (status.value() == 403 && decision != null && decision.mode() == PolicyMode.DENY) {
            return;
        }
        boolean navigation = status.is3xxRedirection() && Answers.wantsHtml(exchange);
        response.setStatusCode(redirect && navigation ? HttpStatus.FOUND : HttpStatus.UNAUTHORIZED);
    }

    private boolean fromTrustedProxy(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote != null && remote.getAddress() != null && trusted.stream().anyMatch(rule -> rule.matches(remote));
    }

    private static Mono<Void> status(ServerWebExchange exchange, HttpStatus status) {
        exchange.getResponse().setStatusCode(status);
        exchange.getResponse().getHeaders().setCacheControl("no-store");
        return exchange.getResponse().setComplete();
    }

    /** A validated address or network ({@link ForwardAuthProperties}) as a matcher; a bare address matches itself. */
    private static IpSubnetFilterRule rule(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        int prefix = slash < 0 ? (address.indexOf(':') >= 0 ? 128 : 32) : Integer.parseInt(entry.substring(slash + 1));
        return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
    }
}
