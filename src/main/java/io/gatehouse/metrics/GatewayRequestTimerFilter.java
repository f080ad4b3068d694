package io.gatehouse.metrics;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Times every proxied request as {@code spring.cloud.gateway.requests}, with the tags Spring Cloud Gateway's own
 * metrics filter gives it ({@code routeId}, {@code routeUri}, {@code httpMethod}, {@code httpStatusCode},
 * {@code status}, {@code outcome}), from the start of the gateway chain until the response is committed. It
 * replaces that filter because that one builds the tags and looks the timer up in the registry on every request;
 * here each timer is found once per route, method and status and then reused.
 */
final class GatewayRequestTimerFilter implements GlobalFilter, Ordered {

    static final String METRIC = "spring.cloud.gateway.requests";

    /** Where Spring Cloud Gateway's own filter runs: early, and ending before the response is written. */
    static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER + 1;

    private static final Set<HttpMethod> STANDARD_METHODS = Set.of(HttpMethod.values());

    private final MeterRegistry registry;
    private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();

    /** The timer used last: nearly every request of a busy gateway needs the same one again. */
    private volatile Recent recent;

    GatewayRequestTimerFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Timer.Sample sample = Timer.start(registry);
        return chain.filter(exchange).doOnTerminate(() -> stopWhenCommitted(exchange, sample));
    }

    private void stopWhenCommitted(ServerWebExchange exchange, Timer.Sample sample) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            sample.stop(timerFor(exchange));
            return;
        }
        response.beforeCommit(() -> {
            sample.stop(timerFor(exchange));
            return Mono.empty();
        });
    }

    private Timer timerFor(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        String method = methodTag(exchange.getRequest().getMethod());
        HttpStatusCode code = exchange.getResponse().getStatusCode();
        int status = code == null ? -1 : code.value();
        Recent recent = this.recent;
        if (recent != null && recent.route == route && recent.method.equals(method) && recent.status == status) {
            return recent.timer;
        }
        Key key = new Key(
                route == null ? null : route.getId(),
                route == null ? null : route.getUri().toString(),
                method,
                status);
        Timer timer = timers.computeIfAbsent(key, this::register);
        this.recent = new Recent(route, method, status, timer);
        return timer;
    }

    /**
     * The method's name, or {@code OTHER} for a method HTTP does not define: a client inventing method names must
     * not make a new timer, with its histogram, per name.
     */
    private static String methodTag(HttpMethod method) {
        return STANDARD_METHODS.contains(method) ? method.name() : "OTHER";
    }

    private Timer register(Key key) {
        return Timer.builder(METRIC).tags(key.tags()).register(registry);
    }

    private record Recent(Route route, String method, int status, Timer timer) {}

    /** What a timer's tags are made of. */
    private record Key(String routeId, String routeUri, String method, int status) {

        /** The tags, with the values, that Spring Cloud Gateway's metrics filter gives. */
        Tags tags() {
            String outcome = "CUSTOM";
            String statusName = "CUSTOM";
            String code = "NA";
            if (status >= 0) {
                code = String.valueOf(status);
                statusName = code;
                HttpStatus known = HttpStatus.resolve(status);
                if (known != null) {
                    outcome = known.series().name();
                    statusName = known.name();
                }
            }
            Tags tags = Tags.of("outcome", outcome, "status", statusName, "httpStatusCode", code, "httpMethod", method);
            return routeId == null ? tags : tags.and("routeId", routeId, "routeUri", routeUri);
        }
    }
}
