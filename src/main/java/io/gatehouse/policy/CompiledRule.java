package io.gatehouse.policy;

/** A rule compiled for matching: its conditions, cheapest first, and its precomputed decision. */
record CompiledRule(String name, String key, Condition[] conditions, ResolvedPolicy decision) {

    boolean matches(PreparedRequest request) {
        for (Condition condition : conditions) {
            if (!condition.test(request)) {
                return false;
            }
        }
        return true;
    }

    /** Why the rule does not match, or null when it does. */
    String explainMiss(PreparedRequest request) {
        for (Condition condition : conditions) {
            if (!condition.test(request)) {
                return condition.explainMiss(request);
            }
        }
        return null;
    }
}
