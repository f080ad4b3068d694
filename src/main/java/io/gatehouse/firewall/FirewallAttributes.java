package io.gatehouse.firewall;

/** Names of the exchange attributes the firewall sets for the filters after it. */
public final class FirewallAttributes {

    /** The decoded canonical path ({@link String}) of an accepted request; policy matching uses it. */
    public static final String CANONICAL_PATH = FirewallAttributes.class.getName() + ".CANONICAL_PATH";

    private FirewallAttributes() {
    }
}
