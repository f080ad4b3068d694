package io.gatehouse.policy;

/** One compiled condition of a rule; {@link #test} is on the hot path and must not allocate. */
interface Condition {

    boolean test(PreparedRequest request);

    /** Why {@link #test} is false for {@code request}, for the explainer. */
    String explainMiss(PreparedRequest request);
}
