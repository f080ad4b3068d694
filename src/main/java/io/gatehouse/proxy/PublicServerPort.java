package io.gatehouse.proxy;

import java.net.InetSocketAddress;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.web.server.ServerWebExchange;

/**
 * The port of the public web server, so that only requests arriving there are forwarded upstream.
 *
 * <p>The management server runs in a child context that inherits the gateway's handler mapping. Spring
 * Cloud Gateway's own guard compares against {@code management.server.port} as configured, which is
 * useless when that is {@code 0} (a random port), so without this check the management port would proxy
 * {@code /actuator/env} and everything else it does not serve itself to the upstream. Until the public
 * server has started nothing is forwarded.
 */
public final class PublicServerPort implements ApplicationListener<WebServerInitializedEvent> {

    private volatile int port = -1;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // The management server's context has the namespace "management"; the public server has none.
        if (event.getApplicationContext().getServerNamespace() == null) {
            port = event.getWebServer().getPort();
        }
    }

    /** Whether the request came in on the public server (or on no socket at all, as in a mock exchange). */
    public boolean received(ServerWebExchange exchange) {
        InetSocketAddress local = exchange.getRequest().getLocalAddress();
        return local == null || local.getPort() == port;
    }
}
