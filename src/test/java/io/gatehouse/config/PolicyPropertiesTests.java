package io.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class PolicyPropertiesTests {

    private static final GroupsProperties GROUPS = new GroupsProperties(Map.of("admins", List.of("alice")));

    private static RuleProperties rule(List<String> paths, PolicyMode policy) {
        return new RuleProperties(null, paths, null, null, null, null, null, policy, null);
    }

    private static List<String> errorsOf(PolicyProperties policy) {
        ConfigErrors errors = new ConfigErrors();
        policy.validate(errors, GROUPS);
        return errors.messages();
    }

    @Test
    void bindWhenYamlKeysThenRecordsFilled() {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource(Map.ofEntries(
                Map.entry("gatehouse.policy.default", "optional"),
                Map.entry("gatehouse.policy.case-insensitive", "true"),
                Map.entry("gatehouse.policy.rules[0].name", "admins"),
                Map.entry("gatehouse.policy.rules[0].paths[0]", "/admin/**"),
                Map.entry("gatehouse.policy.rules[0].methods[0]", "post"),
                Map.entry("gatehouse.policy.rules[0].hosts[0]", "*.example.org"),
                Map.entry("gatehouse.policy.rules[0].query[0].name", "action"),
                Map.entry("gatehouse.policy.rules[0].query[0].equals", "delete"),
                Map.entry("gatehouse.policy.rules[0].query[1].name", "debug"),
                Map.entry("gatehouse.policy.rules[0].query[1].present", "false"),
                Map.entry("gatehouse.policy.rules[0].groups[0]", "admins"),
                Map.entry("gatehouse.policy.rules[0].policy", "required"),
                Map.entry("gatehouse.policy.rules[0].max-age", "5m"),
                Map.entry("gatehouse.groups.admins[0]", "*@council.example")));
        Binder binder = new Binder(source);

        PolicyProperties policy = binder.bind("gatehouse.policy", Bindable.of(PolicyProperties.class))
                .get();
        GroupsProperties groups =
                binder.bind("gatehouse", Bindable.of(GroupsProperties.class)).get();

        assertThat(policy.defaultPolicy()).isEqualTo(PolicyMode.OPTIONAL);
        assertThat(policy.caseInsensitive()).isTrue();
        RuleProperties rule = policy.rules().get(0);
        assertThat(rule.name()).isEqualTo("admins");
        assertThat(rule.paths()).containsExactly("/admin/**");
        assertThat(rule.methods()).containsExactly("post");
        assertThat(rule.query())
                .containsExactly(
                        new QueryConditionProperties("action", null, "delete", null),
                        new QueryConditionProperties("debug", false, null, null));
        assertThat(rule.policy()).isEqualTo(PolicyMode.REQUIRED);
        assertThat(rule.maxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(groups.groups()).containsEntry("admins", List.of("*@council.example"));
        ConfigErrors errors = new ConfigErrors();
        policy.validate(errors, groups);
        assertThat(errors.messages()).isEmpty();
    }

    @Test
    void bindWhenDefaultMissingThenRequired() {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource(
                Map.of("gatehouse.policy.rules[0].paths[0]", "/x", "gatehouse.policy.rules[0].policy", "bypass"));

        PolicyProperties policy = new Binder(source)
                .bind("gatehouse.policy", Bindable.of(PolicyProperties.class))
                .get();

        assertThat(policy.defaultPolicy()).isEqualTo(PolicyMode.REQUIRED);
        assertThat(policy.caseInsensitive()).isFalse();
    }

    @Test
    void validateWhenValidThenNoErrors() {
        assertThat(errorsOf(new PolicyProperties(
                        PolicyMode.REQUIRED,
                        false,
                        List.of(
                                rule(List.of("/static/**", "/*.css", "/user/{id}"), PolicyMode.BYPASS),
                                new RuleProperties(
                                        "step-up",
                                        List.of("/pay/**"),
                                        List.of("GET", "post"),
                                        List.of("a.example", "*.b.example"),
                                        List.of(new QueryConditionProperties("id", null, null, "[0-9]+")),
                                        List.of("*@example.org"),
                                        List.of("admins"),
                                        PolicyMode.OPTIONAL,
                                        Duration.ofMinutes(10))))))
                .isEmpty();
    }

    @Test
    void validateWhenManyProblemsThenEveryOneNamedWithItsKey() {
        List<String> errors = errorsOf(new PolicyProperties(
                PolicyMode.REQUIRED,
                false,
                List.of(
                        rule(List.of(), PolicyMode.BYPASS),
                        rule(List.of("/ok"), null),
                        new RuleProperties(
                                "bad",
                                List.of("admin/**", "/a/**/b/{x"),
                                List.of("FETCH"),
                                List.of("a.example:8080"),
                                List.of(
                                        new QueryConditionProperties("q", true, "x", null),
                                        new QueryConditionProperties(" ", null, null, "([a-z")),
                                List.of(" "),
                                List.of("admins", "nobody"),
                                PolicyMode.BYPASS,
                                Duration.ofMinutes(-1)),
                        new RuleProperties(
                                "bad",
                                List.of("/x"),
                                null,
                                null,
                                null,
                                null,
                                null,
                                PolicyMode.DENY,
                                Duration.ofMinutes(1)))));

        assertThat(errors)
                .containsExactlyInAnyOrder(
                        "gatehouse.policy.rules[0].paths is required: at least one path pattern, e.g. '/admin/**' ('/**' for every path)",
                        "gatehouse.policy.rules[1].policy is required: one of bypass, optional, required, deny",
                        "gatehouse.policy.rules[2].paths[0] must be a path pattern starting with '/' but was 'admin/**'",
                        errors.stream()
                                .filter(e ->
                                        e.startsWith("gatehouse.policy.rules[2].paths[1] must be a valid path pattern"))
                                .findFirst()
                                .orElse("paths[1] missing"),
                        "gatehouse.policy.rules[2].methods[0] must be an HTTP method such as GET or POST but was 'FETCH'",
                        "gatehouse.policy.rules[2].hosts[0] must be a host name without port, or '*.' and a domain but was 'a.example:8080'",
                        "gatehouse.policy.rules[2].query[0] must set at most one of 'present', 'equals' and 'matches' but sets 2",
                        "gatehouse.policy.rules[2].query[1].name is required: the query parameter the condition is about",
                        errors.stream()
                                .filter(e -> e.startsWith(
                                        "gatehouse.policy.rules[2].query[1].matches must be a regular expression"))
                                .findFirst()
                                .orElse("query[1].matches missing"),
                        "gatehouse.policy.rules[2].users[0] is required: a username or a pattern such as '*@example.org'",
                        "gatehouse.policy.rules[2].groups[1] must name a group defined under gatehouse.groups [admins] but was 'nobody'",
                        // One message per key: the bypass-rule complaint about the same max-age is not repeated.
                        "gatehouse.policy.rules[2].max-age must be positive but was 'PT-1M'",
                        "gatehouse.policy.rules[3].max-age must be unset on a 'deny' rule (only optional and required rules ask for a second factor) but was 'PT1M'",
                        "gatehouse.policy.rules[3].name must be unique (gatehouse.policy.rules[2] has the same name) but was 'bad'");
    }

    @Test
    void validateWhenRuleIsNullThenReported() {
        List<RuleProperties> rules = new java.util.ArrayList<>();
        rules.add(null);

        assertThat(errorsOf(new PolicyProperties(null, false, rules)))
                .containsExactly("gatehouse.policy.rules[0] is required: a rule with 'paths' and 'policy'");
    }

    @Test
    void validateGroupsWhenEmptyOrBlankThenReported() {
        ConfigErrors errors = new ConfigErrors();
        new GroupsProperties(Map.of("empty", List.of(), "blank", List.of("alice", "a b"))).validate(errors);

        assertThat(errors.messages())
                .containsExactlyInAnyOrder(
                        "gatehouse.groups.empty is required: at least one username or pattern",
                        "gatehouse.groups.blank[1] must be a username or a pattern such as '*@example.org', without spaces but was 'a b'");
    }
}
