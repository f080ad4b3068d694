package io.gatehouse.policy;

import io.gatehouse.config.PolicyMode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy that applies to one request.
 *
 * @param mode what the request needs
 * @param maxAge how old the second factor may be, when the deciding rule sets it (step-up)
 * @param ruleName the deciding rule's name, or {@code default}
 * @param why one sentence for logs and the explainer
 * @param anonymousForward whether a browser without a released session may reach the upstream here
 *     ({@code anonymous: forward})
 * @param credentialsAllowed whether requests carrying credentials outside the login are forwarded here
 *     ({@code credentials: allow})
 */
public record ResolvedPolicy(
        PolicyMode mode,
        Optional<Duration> maxAge,
        String ruleName,
        String why,
        boolean anonymousForward,
        boolean credentialsAllowed) {

    /** The rule name used when no rule matched. */
    public static final String DEFAULT_RULE_NAME = "default";

    public ResolvedPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(why, "why");
    }

    /** A decision with the default access options: anonymous browsers and credentials refused. */
    public ResolvedPolicy(PolicyMode mode, Optional<Duration> maxAge, String ruleName, String why) {
        this(mode, maxAge, ruleName, why, false, false);
    }

    /**
     * Whether a browser without a released session is kept from the upstream here: a {@code required} route or a
     * step-up ({@code max-age}) one, unless the rule forwards anonymous browsers.
     */
    public boolean refusesAnonymous() {
        return !anonymousForward && (mode == PolicyMode.REQUIRED || mode.asksForSecondFactor() && maxAge.isPresent());
    }

    /** True when the decision came from the default, not from a rule. */
    public boolean isDefault() {
        return DEFAULT_RULE_NAME.equals(ruleName);
    }

    /** E.g. {@code required, max-age 5m}. */
    String describe() {
        return mode.yamlName()
                + maxAge.map(age -> ", max-age " + Durations.format(age)).orElse("");
    }
}
