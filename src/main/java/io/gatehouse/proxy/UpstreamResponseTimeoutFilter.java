package io.gatehouse.proxy;

import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code gatehouse.upstream.response-timeout}: when the upstream has not sent its response headers that long after
 * the gateway began to route the request, the request is abandoned (the upstream connection closed) and the browser
 * gets the 504 page. This is the timeout Spring Cloud Gateway applies for a route's {@code response-timeout}, on the
 * same span of the request, but its deadlines are kept on one hashed-wheel timer instead of a scheduler's locked
 * queue, which every proxied request entered and left. WebSocket upgrades are not timed: their routing ends only
 * when the socket closes.
 */
final class UpstreamResponseTimeoutFilter implements GlobalFilter, Ordered, DisposableBean {

    /** Right before the WebSocket and HTTP routing filters, so that it times them alone. */
    static final int ORDER = NettyRoutingFilter.ORDER - 2;

    /** The precision of the deadlines, far below any sensible timeout. */
    private static final Duration TICK = Duration.ofMillis(20);

    private final HashedWheelTimer timer;
    private final WheelDelay deadline;
    private final Mono<Void> timedOut;

    UpstreamResponseTimeoutFilter(Duration timeout) {
        this.timer = new HashedWheelTimer(
                new DefaultThreadFactory("gatehouse-upstream-timeouts", true), TICK.toMillis(), TimeUnit.MILLISECONDS);
        this.deadline = new WheelDelay(timer, timeout);
        String message = "Response took longer than timeout: " + timeout;
        this.timedOut = Mono.error(
                () -> new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, message, new TimeoutException(message)));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if ("websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange).timeout(deadline, timedOut);
    }

    @Override
    public void destroy() {
        timer.stop();
    }
}
