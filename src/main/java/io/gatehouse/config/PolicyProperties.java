package io.gatehouse.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The policy ({@code gatehouse.policy.*}): ordered rules, the first that matches decides, and the default
 * applies to requests no rule matches.
 *
 * @param defaultPolicy YAML key {@code default}; {@code required} unless set
 * @param caseInsensitive match path patterns ignoring case, for upstreams on case-insensitive file systems
 * @param rules the rules, in the order they are tried
 */
@ConfigurationProperties("gatehouse.policy")
public record PolicyProperties(
        @Name("default") @DefaultValue("required") PolicyMode defaultPolicy,
        boolean caseInsensitive,
        List<RuleProperties> rules) {

    public PolicyProperties {
        defaultPolicy = defaultPolicy == null ? PolicyMode.REQUIRED : defaultPolicy;
        rules = rules == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(rules));
    }

    /** Reports every problem of the rules, including references to groups that {@code groups} lacks. */
    public void validate(ConfigErrors errors, GroupsProperties groups) {
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            String key = "gatehouse.policy.rules[" + i + "]";
            RuleProperties rule = rules.get(i);
            if (rule == null) {
                errors.missing(key, "a rule with 'paths' and 'policy'");
                continue;
            }
            rule.validate(errors, key, groups.groups().keySet());
            if (rule.name() != null && !rule.name().isBlank()) {
                Integer earlier = names.putIfAbsent(rule.name(), i);
                if (earlier != null) {
                    errors.reject(
                            key + ".name",
                            rule.name(),
                            "must be unique (gatehouse.policy.rules[" + earlier + "] has the same name)");
                }
            }
        }
    }
}
