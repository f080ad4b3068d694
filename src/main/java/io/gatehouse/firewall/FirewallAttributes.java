package io.gatehouse.firewall;

/** Names of the exchange attributes the firewall sets for the filters after it. */
public final class FirewallAttributes {

    /** The decoded canonical path ({@link String}) of an accepted request; policy matching uses it. */
    public static final String CANONICAL_PATH = FirewallAttributes.class.getName() + ".CANONICAL_PATH";

    /**
     * The host ({@link String}, as sent, possibly with port) of a request that named a host in
     * {@code gatehouse.server.hosts}; absent when no hosts are listed. Policy {@code hosts:} conditions read it.
     */
    public static final String HOST = FirewallAttributes.class.getName() + ".HOST";

    private FirewallAttributes() {
    }
}
