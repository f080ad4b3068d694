package io.gatehouse.policy;

import io.gatehouse.config.AnonymousAccess;
import io.gatehouse.config.ConfigErrors;
import io.gatehouse.config.CredentialAccess;
import io.gatehouse.config.GroupsProperties;
import io.gatehouse.config.PolicyMode;
import io.gatehouse.config.PolicyProperties;
import io.gatehouse.config.QueryConditionProperties;
import io.gatehouse.config.RuleProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Decides the policy of a request: the rules are tried in configuration order and the first that matches
 * decides; when none matches, the default applies.
 *
 * <p>Rules that name users or groups match only once the user is known. For an anonymous request such a
 * rule is skipped, so an anonymous request may be decided by a later rule or the default: the
 * enforcement layer resolves again once a login has told it who the user is, and must treat the anonymous
 * decision as provisional. Rules are compiled once; {@link #resolve} compiles nothing and allocates only
 * the parsed path.
 */
public final class PolicyResolver {

    private final List<CompiledRule> rules;

    private final ResolvedPolicy defaultDecision;

    private final boolean targetsUsers;

    /** The subjects of every {@code required} rule; an empty array is a rule for everyone. */
    private final List<GlobPattern[]> requiredSubjects;

    /** Whether users are compared in their own case ({@code username.case: preserve}). */
    private final boolean exactCase;

    private PolicyResolver(
            List<CompiledRule> rules,
            ResolvedPolicy defaultDecision,
            boolean targetsUsers,
            List<GlobPattern[]> requiredSubjects,
            boolean exactCase) {
        this.rules = List.copyOf(rules);
        this.defaultDecision = defaultDecision;
        this.targetsUsers = targetsUsers;
        this.requiredSubjects = List.copyOf(requiredSubjects);
        this.exactCase = exactCase;
    }

    /**
     * Whether some request of {@code user} could be decided {@code required}: the default is required, or a
     * required rule names no users (it applies to everyone on its paths) or names this user or one of their
     * groups. Turning one's own second factor off is refused then. Deliberately coarse: a required rule that an
     * earlier rule always shadows still counts.
     */
    public boolean mayRequire(String user) {
        if (defaultDecision.mode() == PolicyMode.REQUIRED) {
            return true;
        }
        String value = exactCase ? user : user.toLowerCase(java.util.Locale.ROOT);
        for (GlobPattern[] subjects : requiredSubjects) {
            if (subjects.length == 0) {
                return true;
            }
            for (GlobPattern pattern : subjects) {
                if (pattern.matches(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether any rule names users or groups. When none does, the decision for a request does not depend on
     * who sends it, so it can be made without loading the session.
     */
    public boolean targetsUsers() {
        return targetsUsers;
    }

    /**
     * Compiles validated configuration.
     *
     * @throws IllegalArgumentException listing every problem, when the configuration is invalid
     */
    public static PolicyResolver compile(PolicyProperties policy, GroupsProperties groups) {
        return compile(policy, groups, false);
    }

    /**
     * Compiles validated configuration; {@code exactCaseUsers} (the site's usernames keep their case,
     * {@code username.case: preserve}) makes {@code users} and group members match only in their own case, since
     * {@code KIOSK} is then another account than {@code kiosk}, with a secret of its own.
     *
     * @throws IllegalArgumentException listing every problem, when the configuration is invalid
     */
    public static PolicyResolver compile(PolicyProperties policy, GroupsProperties groups, boolean exactCaseUsers) {
        ConfigErrors errors = new ConfigErrors();
        groups.validate(errors);
        policy.validate(errors, groups);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid policy configuration:\n  " + String.join("\n  ", errors.messages()));
        }
        PathPatternParser parser = new PathPatternParser();
        parser.setCaseSensitive(!policy.caseInsensitive());
        List<CompiledRule> compiled = new ArrayList<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            compiled.add(compileRule(policy.rules().get(i), i, parser, groups, exactCaseUsers));
        }
        ResolvedPolicy defaultDecision = new ResolvedPolicy(
                policy.defaultPolicy(),
                Optional.empty(),
                ResolvedPolicy.DEFAULT_RULE_NAME,
                "no rule matched, so the default policy applies");
        boolean targetsUsers = policy.rules().stream()
                .anyMatch(rule -> !rule.users().isEmpty() || !rule.groups().isEmpty());
        List<GlobPattern[]> requiredSubjects = new ArrayList<>();
        for (RuleProperties rule : policy.rules()) {
            if (rule.policy() == PolicyMode.REQUIRED) {
                Set<String> patterns = new LinkedHashSet<>(rule.users());
                rule.groups().forEach(group -> patterns.addAll(groups.groups().get(group)));
                requiredSubjects.add(patterns.stream()
                        .map(pattern -> glob(pattern, exactCaseUsers))
                        .toArray(GlobPattern[]::new));
            }
        }
        return new PolicyResolver(compiled, defaultDecision, targetsUsers, requiredSubjects, exactCaseUsers);
    }

    private static GlobPattern glob(String pattern, boolean exactCase) {
        return exactCase ? GlobPattern.exactCase(pattern) : new GlobPattern(pattern);
    }

    private static CompiledRule compileRule(
            RuleProperties rule, int index, PathPatternParser parser, GroupsProperties groups, boolean exactCaseUsers) {
        String name = rule.displayName(index);
        String key = "gatehouse.policy.rules[" + index + "]";
        // Cheapest first: a string comparison before path matching, regexes and globs last.
        List<Condition> conditions = new ArrayList<>();
        if (!rule.methods().isEmpty()) {
            conditions.add(Conditions.Methods.of(rule.methods()));
        }
        if (!rule.hosts().isEmpty()) {
            conditions.add(Conditions.Hosts.of(rule.hosts()));
        }
        conditions.add(
                Conditions.Paths.of(rule.paths().stream().map(parser::parse).toList()));
        boolean strict = rule.policy() == PolicyMode.REQUIRED || rule.policy() == PolicyMode.DENY;
        for (QueryConditionProperties query : rule.query()) {
            conditions.add(Conditions.Query.of(query, strict));
        }
        if (rule.targetsSubjects()) {
            conditions.add(subjects(rule, groups, exactCaseUsers));
        }
        ResolvedPolicy decision = new ResolvedPolicy(
                rule.policy(),
                Optional.ofNullable(rule.maxAge()),
                name,
                "rule '" + name + "' (" + key + ") matched",
                rule.anonymous() == AnonymousAccess.FORWARD,
                rule.credentials() == CredentialAccess.ALLOW);
        return new CompiledRule(name, key, conditions.toArray(Condition[]::new), decision);
    }

    private static Conditions.Subjects subjects(RuleProperties rule, GroupsProperties groups, boolean exactCase) {
        Set<String> patterns = new LinkedHashSet<>(rule.users());
        for (String group : rule.groups()) {
            patterns.addAll(groups.groups().get(group));
        }
        List<String> described = new ArrayList<>();
        if (!rule.users().isEmpty()) {
            described.add("users " + rule.users());
        }
        if (!rule.groups().isEmpty()) {
            described.add("groups " + rule.groups());
        }
        return new Conditions.Subjects(
                patterns.stream().map(pattern -> glob(pattern, exactCase)).toArray(GlobPattern[]::new),
                String.join(" or ", described),
                exactCase);
    }

    /**
     * Every decision {@link #resolve} can return (each rule's, then the default's), the very instances it
     * returns, so that callers can key per-decision data (e.g. metrics) by identity.
     */
    public List<ResolvedPolicy> decisions() {
        List<ResolvedPolicy> all = new ArrayList<>();
        rules.forEach(rule -> all.add(rule.decision()));
        all.add(defaultDecision);
        return List.copyOf(all);
    }

    /** The policy for {@code facts}: the first matching rule's, or the default. */
    public ResolvedPolicy resolve(RequestFacts facts) {
        PreparedRequest request = new PreparedRequest(facts);
        for (CompiledRule rule : rules) {
            if (rule.matches(request)) {
                return rule.decision();
            }
        }
        return defaultDecision;
    }

    /**
     * The strictest of the policies for {@code facts} and for the same request under each of
     * {@code claimedMethods}. A request may carry a second opinion about its method (a method-override header or
     * parameter) that the application honours; the decision must then hold for either reading, so that a rule
     * scoped to reads cannot let a claimed {@code DELETE} through.
     */
    public ResolvedPolicy resolveStrictest(RequestFacts facts, Collection<String> claimedMethods) {
        ResolvedPolicy strictest = resolve(facts);
        for (String method : claimedMethods) {
            ResolvedPolicy candidate = resolve(facts.withMethod(method));
            if (stricter(candidate, strictest)) {
                strictest = candidate;
            }
        }
        return strictest;
    }

    /** Deny over required over optional over bypass; between equals, the shorter step-up {@code max-age}. */
    private static boolean stricter(ResolvedPolicy candidate, ResolvedPolicy than) {
        int byMode = candidate.mode().compareTo(than.mode());
        if (byMode != 0) {
            return byMode > 0;
        }
        return candidate.maxAge().isPresent()
                && (than.maxAge().isEmpty()
                        || candidate.maxAge().get().compareTo(than.maxAge().get()) < 0);
    }

    /** How {@link #resolve} decides for {@code facts}, rule by rule; for the CLI and support, not the hot path. */
    public PolicyExplanation explain(RequestFacts facts) {
        PreparedRequest request = new PreparedRequest(facts);
        List<PolicyExplanation.RuleTrace> traces = new ArrayList<>();
        ResolvedPolicy decision = null;
        for (CompiledRule rule : rules) {
            if (decision != null) {
                traces.add(new PolicyExplanation.RuleTrace(
                        rule.name(), rule.key(), PolicyExplanation.Outcome.NOT_REACHED, "an earlier rule matched"));
                continue;
            }
            String miss = rule.explainMiss(request);
            if (miss == null) {
                decision = rule.decision();
                traces.add(new PolicyExplanation.RuleTrace(
                        rule.name(), rule.key(), PolicyExplanation.Outcome.MATCHED, decision.describe()));
            } else {
                traces.add(new PolicyExplanation.RuleTrace(
                        rule.name(), rule.key(), PolicyExplanation.Outcome.SKIPPED, miss));
            }
        }
        return new PolicyExplanation(facts, traces, decision != null ? decision : defaultDecision);
    }
}
