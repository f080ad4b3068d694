package io.gatehouse.config;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition on a query parameter of a policy rule: set at most one of {@code present}, {@code equals}
 * and {@code matches}; with none set the parameter must be present.
 *
 * @param name the decoded parameter name, compared case-sensitively
 * @param present {@code true}: the parameter must be present (with any value, even empty); {@code false}:
 *     it must be absent
 * @param equals every (or, on a required/deny rule, any) value must equal this, case-sensitively
 * @param matches every (or, on a required/deny rule, any) value must fully match this regular expression
 */
public record QueryConditionProperties(String name, Boolean present, String equals, String matches) {

    /** Reports every problem of this condition under {@code key} (e.g. {@code ...rules[2].query[0]}). */
    public void validate(ConfigErrors errors, String key) {
        if (name == null || name.isBlank()) {
            errors.missing(key + ".name", "the query parameter the condition is about");
        }
        int tests = (present != null ? 1 : 0) + (equals != null ? 1 : 0) + (matches != null ? 1 : 0);
        if (tests > 1) {
            errors.conflict(key + " must set at most one of 'present', 'equals' and 'matches' but sets " + tests);
        }
        if (matches != null) {
            try {
                Pattern.compile(matches);
            } catch (PatternSyntaxException ex) {
                errors.reject(
                        key + ".matches",
                        matches,
                        "must be a regular expression (" + ex.getDescription() + " at index " + ex.getIndex() + ")");
            }
        }
    }
}
