package io.gatehouse.policy;

import static io.gatehouse.config.PolicyMode.BYPASS;
import static io.gatehouse.config.PolicyMode.DENY;
import static io.gatehouse.config.PolicyMode.OPTIONAL;
import static io.gatehouse.config.PolicyMode.REQUIRED;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.config.GroupsProperties;
import io.gatehouse.config.PolicyProperties;
import io.gatehouse.config.QueryConditionProperties;
import io.gatehouse.config.RuleProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyExplanationTests {

    private final PolicyResolver resolver = PolicyResolver.compile(
            new PolicyProperties(
                    OPTIONAL,
                    false,
                    List.of(
                            new RuleProperties(
                                    "assets",
                                    List.of("/static/**", "/*.css"),
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    BYPASS,
                                    null),
                            new RuleProperties(
                                    "api writes",
                                    List.of("/api/**"),
                                    List.of("POST", "PUT"),
                                    null,
                                    null,
                                    null,
                                    null,
                                    REQUIRED,
                                    null),
                            new RuleProperties(
                                    null,
                                    List.of("/**"),
                                    null,
                                    List.of("*.intranet.example"),
                                    null,
                                    null,
                                    null,
                                    DENY,
                                    null),
                            new RuleProperties(
                                    "export",
                                    List.of("/report"),
                                    null,
                                    null,
                                    List.of(new QueryConditionProperties("format", null, "pdf", null)),
                                    null,
                                    null,
                                    REQUIRED,
                                    null),
                            new RuleProperties(
                                    "admins",
                                    List.of("/admin/**"),
                                    null,
                                    null,
                                    null,
                                    null,
                                    List.of("admins"),
                                    REQUIRED,
                                    Duration.ofMinutes(5)),
                            new RuleProperties(
                                    "admin area", List.of("/admin/**"), null, null, null, null, null, REQUIRED, null))),
            new GroupsProperties(Map.of("admins", List.of("*@example.org"))));

    @Test
    void explainWhenRuleMatchesThenEarlierSkippedWithReasonAndLaterNotReached() {
        PolicyExplanation explanation = resolver.explain(
                RequestFacts.of("GET", "/admin/users", "app.example").withUser("alice@example.org"));

        assertThat(explanation.format()).isEqualTo("""
                Request: GET /admin/users
                  host: app.example
                  user: alice@example.org
                Rules (first match wins):
                   1. assets      skipped: path /admin/users matches none of [/static/**, /*.css]
                   2. api writes  skipped: method GET not in [POST, PUT]
                   3. rule #3     skipped: host app.example matches none of [*.intranet.example]
                   4. export      skipped: path /admin/users matches none of [/report]
                   5. admins      MATCHED: required, max-age 5m
                   6. admin area  not reached
                Decision: required, max-age 5m (rule 'admins')
                """);
        assertThat(explanation.decision()).isEqualTo(resolver.resolve(explanation.facts()));
        assertThat(explanation.rules())
                .extracting(PolicyExplanation.RuleTrace::outcome)
                .containsExactly(
                        PolicyExplanation.Outcome.SKIPPED, PolicyExplanation.Outcome.SKIPPED,
                        PolicyExplanation.Outcome.SKIPPED, PolicyExplanation.Outcome.SKIPPED,
                        PolicyExplanation.Outcome.MATCHED, PolicyExplanation.Outcome.NOT_REACHED);
        assertThat(explanation.rules().get(2).key()).isEqualTo("gatehouse.policy.rules[2]");
    }

    @Test
    void explainWhenAnonymousThenUserRuleSkippedAsUserUnknown() {
        PolicyExplanation explanation = resolver.explain(RequestFacts.of("GET", "/admin/users", "app.example"));

        assertThat(explanation.format())
                .contains("user: (anonymous)")
                .contains(
                        "5. admins      skipped: no user known yet (rules naming users or groups match only once the user is known)")
                .contains("6. admin area  MATCHED: required\n")
                .endsWith("Decision: required (rule 'admin area')\n");
    }

    @Test
    void explainWhenOtherUserThenNamesTheGroups() {
        PolicyExplanation explanation = resolver.explain(
                RequestFacts.of("GET", "/admin/users", "app.example").withUser("mallory@evil.example"));

        assertThat(explanation.format()).contains("skipped: user mallory@evil.example matches none of groups [admins]");
    }

    @Test
    void explainWhenNothingMatchesThenDefault() {
        PolicyExplanation explanation = resolver.explain(
                new RequestFacts("GET", "/report", "app.example", Map.of("format", List.of("csv")), Optional.empty()));

        assertThat(explanation.format())
                .startsWith("Request: GET /report?format=csv\n")
                .contains("4. export      skipped: query parameter 'format' [csv] has no value that equals 'pdf'")
                .endsWith("Decision: optional (default: no rule matched)\n");
        assertThat(explanation.decision().isDefault()).isTrue();
        assertThat(explanation.toString()).isEqualTo(explanation.format());
    }

    @Test
    void explainWhenNoRulesThenSaysSo() {
        PolicyResolver empty =
                PolicyResolver.compile(new PolicyProperties(null, false, List.of()), GroupsProperties.none());

        assertThat(empty.explain(RequestFacts.of("GET", "/", "")).format()).isEqualTo("""
                Request: GET /
                  host: (none)
                  user: (anonymous)
                Rules (first match wins):
                  (no rules configured)
                Decision: required (default: no rule matched)
                """);
    }
}
