package io.gatehouse.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import io.gatehouse.config.PolicyMode;

/**
 * The policy that applies to one request.
 *
 * @param mode what the request needs
 * @param maxAge how old the second factor may be, when the deciding rule sets it (step-up)
 * @param ruleName the deciding rule's name, or {@code default}
 * @param why one sentence for logs and the explainer
 */
public record ResolvedPolicy(PolicyMode mode, Optional<Duration> maxAge, String ruleName, String why) {

    /** The rule name used when no rule matched. */
    public static final String DEFAULT_RULE_NAME = "default";

    public ResolvedPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(why, "why");
    }

    /** True when the decision came from the default, not from a rule. */
    public boolean isDefault() {
        return DEFAULT_RULE_NAME.equals(ruleName);
    }

    /** E.g. {@code required, max-age 5m}. */
    String describe() {
        return mode.yamlName() + maxAge.map(age -> ", max-age " + Durations.format(age)).orElse("");
    }
}
