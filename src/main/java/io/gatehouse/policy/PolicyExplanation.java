package io.gatehouse.policy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the policy decided for some request facts: every rule in order with its outcome, and the decision;
 * {@link #format()} is what {@code gatehouse policy check} prints.
 *
 * @param facts the request facts that were judged
 * @param rules one entry per configured rule, in order
 * @param decision the resolved policy, the same {@link PolicyResolver#resolve} returns
 */
public record PolicyExplanation(RequestFacts facts, List<RuleTrace> rules, ResolvedPolicy decision) {

    public PolicyExplanation {
        rules = List.copyOf(rules);
    }

    /** What happened to one rule. */
    public enum Outcome {
        MATCHED,
        SKIPPED,
        NOT_REACHED
    }

    /**
     * One rule's line of the explanation.
     *
     * @param name the rule's name
     * @param key its configuration key, e.g. {@code gatehouse.policy.rules[2]}
     * @param outcome matched, skipped (with the reason in {@code detail}) or not reached
     * @param detail the reason a rule was skipped, or what a matching rule decides
     */
    public record RuleTrace(String name, String key, Outcome outcome, String detail) {}

    /** A multi-line, human-readable explanation, ending with a newline. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append("Request: ").append(facts.method()).append(' ').append(facts.canonicalPath());
        if (!facts.query().isEmpty()) {
            out.append('?').append(formatQuery(facts.query()));
        }
        out.append('\n');
        out.append("  host: ")
                .append(facts.host().isEmpty() ? "(none)" : facts.host())
                .append('\n');
        out.append("  user: ").append(facts.user().orElse("(anonymous)")).append('\n');
        out.append("Rules (first match wins):\n");
        if (rules.isEmpty()) {
            out.append("  (no rules configured)\n");
        }
        int width = rules.stream().mapToInt(rule -> rule.name().length()).max().orElse(0);
        for (int i = 0; i < rules.size(); i++) {
            RuleTrace rule = rules.get(i);
            out.append(String.format("  %2d. %-" + width + "s  ", i + 1, rule.name()));
            out.append(
                    switch (rule.outcome()) {
                        case MATCHED -> "MATCHED: " + rule.detail();
                        case SKIPPED -> "skipped: " + rule.detail();
                        case NOT_REACHED -> "not reached";
                    });
            out.append('\n');
        }
        out.append("Decision: ").append(decision.describe());
        out.append(decision.isDefault() ? " (default: no rule matched)" : " (rule '" + decision.ruleName() + "')");
        out.append('\n');
        return out.toString();
    }

    private static String formatQuery(Map<String, List<String>> query) {
        return query.entrySet().stream()
                .flatMap(entry -> (entry.getValue() == null || entry.getValue().isEmpty()
                                ? List.<String>of("")
                                : entry.getValue())
                        .stream()
                                .map(value -> value == null || value.isEmpty()
                                        ? entry.getKey()
                                        : entry.getKey() + "=" + value))
                .collect(Collectors.joining("&"));
    }

    @Override
    public String toString() {
        return format();
    }
}
