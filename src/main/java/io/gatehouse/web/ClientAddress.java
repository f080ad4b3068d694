package io.gatehouse.web;

import java.net.InetSocketAddress;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** The client address that failure limits count against. */
public final class ClientAddress {

    private ClientAddress() {
    }

    /**
     * The remote address as text; forwarded headers are applied (or not) before this point, by the trusted-proxy
     * setting, so this is never taken from a header the client chose.
     */
    public static String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
