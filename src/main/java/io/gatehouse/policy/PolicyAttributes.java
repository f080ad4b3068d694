package io.gatehouse.policy;

/** Names of the exchange attributes of the policy layer. */
public final class PolicyAttributes {

    /** The {@link ResolvedPolicy} that applies to the exchange. */
    public static final String RESOLVED_POLICY = PolicyAttributes.class.getName() + ".RESOLVED_POLICY";

    private PolicyAttributes() {
    }
}
