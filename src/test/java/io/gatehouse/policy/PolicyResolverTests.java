package io.gatehouse.policy;

import static io.gatehouse.config.PolicyMode.BYPASS;
import static io.gatehouse.config.PolicyMode.DENY;
import static io.gatehouse.config.PolicyMode.OPTIONAL;
import static io.gatehouse.config.PolicyMode.REQUIRED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.gatehouse.config.GroupsProperties;
import io.gatehouse.config.PolicyMode;
import io.gatehouse.config.PolicyProperties;
import io.gatehouse.config.QueryConditionProperties;
import io.gatehouse.config.RuleProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyResolverTests {

    static RuleProperties rule(String name, List<String> paths, PolicyMode policy) {
        return new RuleProperties(name, paths, null, null, null, null, null, policy, null);
    }

    static PolicyResolver resolver(PolicyMode defaultPolicy, RuleProperties... rules) {
        return PolicyResolver.compile(
                new PolicyProperties(defaultPolicy, false, List.of(rules)), GroupsProperties.none());
    }

    static RequestFacts get(String path) {
        return RequestFacts.of("GET", path, "app.example");
    }

    @Test
    void resolveWhenSeveralRulesMatchThenFirstWins() {
        PolicyResolver resolver = resolver(
                REQUIRED,
                rule("assets", List.of("/static/**", "/*.css"), BYPASS),
                rule("admin", List.of("/admin/**"), DENY),
                rule("everything", List.of("/**"), OPTIONAL));

        assertThat(resolver.resolve(get("/static/app.js")).mode()).isEqualTo(BYPASS);
        assertThat(resolver.resolve(get("/site.css")).mode()).isEqualTo(BYPASS);
        assertThat(resolver.resolve(get("/admin/users")).ruleName()).isEqualTo("admin");
        assertThat(resolver.resolve(get("/home")).ruleName()).isEqualTo("everything");
    }

    @Test
    void resolveWhenNoRuleMatchesThenDefault() {
        PolicyResolver resolver = resolver(DENY, rule(null, List.of("/static/**"), BYPASS));

        ResolvedPolicy resolved = resolver.resolve(get("/admin"));

        assertThat(resolved.mode()).isEqualTo(DENY);
        assertThat(resolved.isDefault()).isTrue();
        assertThat(resolved.ruleName()).isEqualTo("default");
        assertThat(resolved.maxAge()).isEmpty();
        assertThat(resolved.why()).contains("default");
    }

    @Test
    void resolveWhenNoRulesAndNoDefaultThenRequired() {
        PolicyResolver resolver =
                PolicyResolver.compile(new PolicyProperties(null, false, null), GroupsProperties.none());

        assertThat(resolver.resolve(get("/")).mode()).isEqualTo(REQUIRED);
    }

    @Test
    void resolveWhenRuleUnnamedThenNamedByPosition() {
        PolicyResolver resolver =
                resolver(REQUIRED, rule(null, List.of("/a"), BYPASS), rule(null, List.of("/b"), BYPASS));

        assertThat(resolver.resolve(get("/b")).ruleName()).isEqualTo("rule #2");
        assertThat(resolver.resolve(get("/b")).why()).contains("gatehouse.policy.rules[1]");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = """
            /admin,           /admin,         true
            /admin,           /admin/,        true
            /admin,           /admin/x,       false
            /admin,           /administrator, false
            /admin/**,        /admin,         true
            /admin/**,        /admin/,        true
            /admin/**,        /admin/a/b/c,   true
            /*.css,           /site.css,      true
            /*.css,           /a/site.css,    false
            /**/*.css,        /a/b/site.css,  true
            /user/{id}/edit,  /user/42/edit,  true
            /user/{id}/edit,  /user/42/view,  false
            /x y/**,          /x y/z,         true
            /ADMIN/**,        /admin,         false
            """)
    void resolveWhenPathPatternThenMatchesDecodedPath(String pattern, String path, boolean matches) {
        PolicyResolver resolver = resolver(REQUIRED, rule("r", List.of(pattern), BYPASS));

        assertThat(resolver.resolve(get(path)).mode()).isEqualTo(matches ? BYPASS : REQUIRED);
    }

    @Test
    void resolveWhenCaseInsensitiveThenPathCaseIgnored() {
        PolicyResolver resolver = PolicyResolver.compile(
                new PolicyProperties(BYPASS, true, List.of(rule("admin", List.of("/admin/**"), REQUIRED))),
                GroupsProperties.none());

        assertThat(resolver.resolve(get("/ADMIN/Users")).mode()).isEqualTo(REQUIRED);
        assertThat(resolver.resolve(get("/Admin")).mode()).isEqualTo(REQUIRED);
    }

    @Test
    void resolveWhenCaseSensitiveThenOtherCaseFallsThrough() {
        PolicyResolver resolver = resolver(BYPASS, rule("admin", List.of("/admin/**"), REQUIRED));

        assertThat(resolver.resolve(get("/ADMIN/Users")).mode()).isEqualTo(BYPASS);
    }

    @Test
    void resolveWhenMethodsListedThenOnlyThoseMatchIgnoringCase() {
        PolicyResolver resolver = resolver(
                OPTIONAL,
                new RuleProperties(
                        "writes", List.of("/**"), List.of("post", "DELETE"), null, null, null, null, REQUIRED, null));

        assertThat(resolver.resolve(RequestFacts.of("POST", "/x", "app.example"))
                        .mode())
                .isEqualTo(REQUIRED);
        assertThat(resolver.resolve(RequestFacts.of("post", "/x", "app.example"))
                        .mode())
                .isEqualTo(REQUIRED);
        assertThat(resolver.resolve(RequestFacts.of("DELETE", "/x", "app.example"))
                        .mode())
                .isEqualTo(REQUIRED);
        assertThat(resolver.resolve(RequestFacts.of("GET", "/x", "app.example")).mode())
                .isEqualTo(OPTIONAL);
    }

    @Test
    void resolveWhenGetListedThenHeadMatchesToo() {
        PolicyResolver resolver = resolver(
                OPTIONAL,
                new RuleProperties("reads", List.of("/**"), List.of("GET"), null, null, null, null, BYPASS, null));

        assertThat(resolver.resolve(RequestFacts.of("HEAD", "/x", "app.example"))
                        .mode())
                .isEqualTo(BYPASS);
        assertThat(resolver.resolve(RequestFacts.of("POST", "/x", "app.example"))
                        .mode())
                .isEqualTo(OPTIONAL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            admin.example.org,       true
            ADMIN.example.org,       true
            admin.example.org:8443,  true
            a.b.intranet.example,    true
            intranet.example,        false
            other.example.org,       false
            evilintranet.example,    false
            '',                      false
            """)
    void resolveWhenHostsListedThenExactOrSubdomainMatches(String host, boolean matches) {
        PolicyResolver resolver = resolver(
                OPTIONAL,
                new RuleProperties(
                        "hosts",
                        List.of("/**"),
                        null,
                        List.of("admin.example.org", "*.intranet.example"),
                        null,
                        null,
                        null,
                        REQUIRED,
                        null));

        assertThat(resolver.resolve(RequestFacts.of("GET", "/", host)).mode()).isEqualTo(matches ? REQUIRED : OPTIONAL);
    }

    @Test
    void resolveWhenQueryConditionsThenAllMustHold() {
        PolicyResolver resolver = resolver(
                OPTIONAL,
                new RuleProperties(
                        "export",
                        List.of("/report"),
                        null,
                        null,
                        List.of(
                                new QueryConditionProperties("format", null, "pdf", null),
                                new QueryConditionProperties("id", null, null, "[0-9]+"),
                                new QueryConditionProperties("debug", false, null, null),
                                new QueryConditionProperties("token", null, null, null)),
                        null,
                        null,
                        REQUIRED,
                        null));

        assertThat(mode(
                        resolver,
                        "/report",
                        Map.of("format", List.of("pdf"), "id", List.of("42"), "token", List.of(""))))
                .isEqualTo(REQUIRED);
        assertThat(mode(
                        resolver,
                        "/report",
                        Map.of("format", List.of("csv"), "id", List.of("42"), "token", List.of(""))))
                .isEqualTo(OPTIONAL);
        assertThat(mode(
                        resolver,
                        "/report",
                        Map.of("format", List.of("pdf"), "id", List.of("42x"), "token", List.of(""))))
                .isEqualTo(OPTIONAL);
        assertThat(mode(resolver, "/report", Map.of("format", List.of("pdf"), "id", List.of("42"))))
                .isEqualTo(OPTIONAL);
        assertThat(mode(
                        resolver,
                        "/report",
                        Map.of(
                                "format",
                                List.of("pdf"),
                                "id",
                                List.of("42"),
                                "token",
                                List.of(""),
                                "debug",
                                List.of("1"))))
                .isEqualTo(OPTIONAL);
    }

    @Test
    void resolveWhenParameterRepeatedThenItCannotWeakenThePolicy() {
        QueryConditionProperties deleteAction = new QueryConditionProperties("action", null, "delete", null);
        QueryConditionProperties viewAction = new QueryConditionProperties("action", null, "view", null);
        PolicyResolver resolver = resolver(
                OPTIONAL,
                new RuleProperties(
                        "delete", List.of("/item"), null, null, List.of(deleteAction), null, null, REQUIRED, null),
                new RuleProperties(
                        "view", List.of("/item"), null, null, List.of(viewAction), null, null, BYPASS, null));
        Map<String, List<String>> both = Map.of("action", List.of("view", "delete"));

        assertThat(mode(resolver, "/item", both)).isEqualTo(REQUIRED);
        assertThat(mode(resolver, "/item", Map.of("action", List.of("view")))).isEqualTo(BYPASS);

        PolicyResolver bypassFirst = resolver(
                OPTIONAL,
                new RuleProperties(
                        "view", List.of("/item"), null, null, List.of(viewAction), null, null, BYPASS, null));
        assertThat(mode(bypassFirst, "/item", both)).isEqualTo(OPTIONAL);
    }

    private static PolicyMode mode(PolicyResolver resolver, String path, Map<String, List<String>> query) {
        return resolver.resolve(new RequestFacts("GET", path, "app.example", query, Optional.empty()))
                .mode();
    }

    @Test
    void resolveWhenRuleTargetsUsersThenAnonymousSkipsIt() {
        PolicyResolver resolver = resolver(
                OPTIONAL,
                new RuleProperties(
                        "staff",
                        List.of("/**"),
                        null,
                        null,
                        null,
                        List.of("*@council.example", "root"),
                        null,
                        REQUIRED,
                        null));

        assertThat(resolver.resolve(get("/x")).mode()).isEqualTo(OPTIONAL);
        assertThat(resolver.resolve(get("/x").withUser("Alice@Council.example")).mode())
                .isEqualTo(REQUIRED);
        assertThat(resolver.resolve(get("/x").withUser("root")).mode()).isEqualTo(REQUIRED);
        assertThat(resolver.resolve(get("/x").withUser("rooted")).mode()).isEqualTo(OPTIONAL);
        assertThat(resolver.resolve(get("/x").withUser("alice@council.example.evil"))
                        .mode())
                .isEqualTo(OPTIONAL);
    }

    @Test
    void resolveWhenRuleTargetsGroupsThenMembersMatch() {
        GroupsProperties groups = new GroupsProperties(Map.of(
                "admins", List.of("alice", "bob@example.org"),
                "council", List.of("*@council.example")));
        PolicyResolver resolver = PolicyResolver.compile(
                new PolicyProperties(
                        BYPASS,
                        false,
                        List.of(
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
                                        "council",
                                        List.of("/**"),
                                        null,
                                        null,
                                        null,
                                        List.of("carol"),
                                        List.of("council"),
                                        OPTIONAL,
                                        null))),
                groups);

        ResolvedPolicy alice = resolver.resolve(get("/admin/users").withUser("alice"));
        assertThat(alice.mode()).isEqualTo(REQUIRED);
        assertThat(alice.maxAge()).contains(Duration.ofMinutes(5));
        assertThat(resolver.resolve(get("/admin/users").withUser("dave@council.example"))
                        .ruleName())
                .isEqualTo("council");
        assertThat(resolver.resolve(get("/admin/users").withUser("carol")).ruleName())
                .isEqualTo("council");
        assertThat(resolver.resolve(get("/admin/users").withUser("mallory")).mode())
                .isEqualTo(BYPASS);
        assertThat(resolver.resolve(get("/admin/users")).mode()).isEqualTo(BYPASS);
    }

    @Test
    void resolveWhenRuleHasMaxAgeThenResolvedPolicyCarriesIt() {
        PolicyResolver resolver = resolver(
                OPTIONAL,
                new RuleProperties(
                        "payments",
                        List.of("/pay/**"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        REQUIRED,
                        Duration.ofSeconds(90)));

        assertThat(resolver.resolve(get("/pay/now")).maxAge()).contains(Duration.ofSeconds(90));
        assertThat(resolver.resolve(get("/other")).maxAge()).isEmpty();
    }

    @Test
    void resolveWhenCalledAgainThenSameDecisionInstance() {
        PolicyResolver resolver = resolver(REQUIRED, rule("a", List.of("/a/**"), BYPASS));

        assertThat(resolver.resolve(get("/a/1"))).isSameAs(resolver.resolve(get("/a/2")));
    }

    @Test
    void compileWhenInvalidThenEveryProblemListed() {
        PolicyProperties policy = new PolicyProperties(
                REQUIRED,
                false,
                List.of(
                        rule("a", List.of("admin/**"), BYPASS),
                        new RuleProperties(
                                "b", List.of("/x"), null, null, null, null, List.of("nobody"), REQUIRED, null)));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> PolicyResolver.compile(policy, GroupsProperties.none()))
                .withMessageContaining("gatehouse.policy.rules[0].paths[0]")
                .withMessageContaining("gatehouse.policy.rules[1].groups[0]");
    }
}
