package io.gatehouse.web;

import org.springframework.core.Ordered;

/** The order of Gatehouse's web filters, in one place, with gaps for later additions. */
public enum FilterOrder {
    /** One canonical request target or 400, before anything else looks at the request. */
    FIREWALL(Ordered.HIGHEST_PRECEDENCE + 100),
    /** A host outside {@code gatehouse.server.hosts}: 421 before any policy. */
    HOST(Ordered.HIGHEST_PRECEDENCE + 120),
    /** The client's address, from the socket or, behind a trusted proxy, from {@code X-Forwarded-For}. */
    CLIENT_ADDRESS(Ordered.HIGHEST_PRECEDENCE + 150),
    /** {@code /_gatehouse/verify}: a front proxy asks about a request it describes in headers (forward-auth mode). */
    FORWARD_AUTH(Ordered.HIGHEST_PRECEDENCE + 200),
    /** Policy, login capture and enforcement of the second factor. */
    ENFORCEMENT(Ordered.HIGHEST_PRECEDENCE + 300);

    private final int order;

    FilterOrder(int order) {
        this.order = order;
    }

    public int order() {
        return order;
    }
}
