package io.gatehouse.metrics;

import io.gatehouse.policy.ResolvedPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counters of security events, all registered up front with a fixed, small set of tag values, so that
 * counting is a map lookup and an increment. Exposed in Prometheus format on the management port as
 * {@code gatehouse_challenges_total{outcome}}, {@code gatehouse_enrollments_total},
 * {@code gatehouse_deactivations_total{actor}}, {@code gatehouse_lockouts_total{scope}} and
 * {@code gatehouse_policy_decisions_total{rule,mode}},
 * {@code gatehouse_identity_probes_total{outcome}} (signed-in, not-signed-in, failed), and in report-only mode
 * {@code gatehouse_report_only_total{reason}} (what would have been enforced).
 */
public final class GatehouseMetrics {

    public static final String CHALLENGES = "gatehouse.challenges";
    public static final String ENROLLMENTS = "gatehouse.enrollments";
    public static final String DEACTIVATIONS = "gatehouse.deactivations";
    public static final String LOCKOUTS = "gatehouse.lockouts";
    public static final String POLICY_DECISIONS = "gatehouse.policy.decisions";
    public static final String REPORT_ONLY = "gatehouse.report.only";
    public static final String IDENTITY_PROBES = "gatehouse.identity.probes";

    /** How an identity probe ended: the site named a user, said nobody is signed in, or gave no usable answer. */
    public static final List<String> PROBE_OUTCOMES = List.of("signed-in", "not-signed-in", "failed");

    /**
     * Why a request would have been stopped, in report-only mode: sent to the challenge, to enrollment, to a step-up
     * challenge ({@code max-age}); an upstream cookie Gatehouse did not release; a deny rule; credentials in an
     * {@code Authorization} header; a login whose cookies would have been held; a login naming no user.
     */
    public static final List<String> REPORT_ONLY_REASONS = List.of(
            "challenge",
            "enrollment",
            "step-up",
            "unreleased-cookie",
            "deny",
            "credentials",
            "login-required",
            "login-held",
            "identity-unknown",
            "session-idle",
            "session-expired");

    /** How one submitted passcode or recovery code ended. */
    public enum ChallengeOutcome {
        ACCEPTED("accepted"),
        INVALID("invalid"),
        REPLAYED("replayed"),
        LOCKED("locked"),
        RECOVERY_ACCEPTED("recovery-accepted");

        private final String tag;

        ChallengeOutcome(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final MeterRegistry registry;
    private final Map<ChallengeOutcome, Counter> challenges = new EnumMap<>(ChallengeOutcome.class);
    /** Who may turn a user's 2FA off: the user on the account page, an admin in the console, the command line. */
    public static final List<String> DEACTIVATION_ACTORS = List.of("self", "admin", "cli");

    private final Map<String, Counter> deactivations = new HashMap<>();
    private final Map<String, Counter> reportOnly = new HashMap<>();
    private final Map<String, Counter> identityProbes = new HashMap<>();
    private final Counter enrollments;
    private final Counter userLockouts;
    private final Counter clientLockouts;

    public GatehouseMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ChallengeOutcome outcome : ChallengeOutcome.values()) {
            challenges.put(
                    outcome,
                    Counter.builder(CHALLENGES)
                            .tag("outcome", outcome.tag())
                            .description("Passcodes and recovery codes submitted on the challenge pages, by outcome")
                            .register(registry));
        }
        for (String actor : DEACTIVATION_ACTORS) {
            deactivations.put(
                    actor,
                    Counter.builder(DEACTIVATIONS)
                            .tag("actor", actor)
                            .description("Two-factor authentication turned off, by who did it (self, admin, cli)")
                            .register(registry));
        }
        for (String reason : REPORT_ONLY_REASONS) {
            reportOnly.put(
                    reason,
                    Counter.builder(REPORT_ONLY)
                            .tag("reason", reason)
                            .description(
                                    "Report-only mode: requests and logins that enforce mode would have stopped, by reason")
                            .register(registry));
        }
        for (String outcome : PROBE_OUTCOMES) {
            identityProbes.put(
                    outcome,
                    Counter.builder(IDENTITY_PROBES)
                            .tag("outcome", outcome)
                            .description("Identity probes sent to the upstream after a sign-in, by outcome")
                            .register(registry));
        }
        enrollments = Counter.builder(ENROLLMENTS)
                .description("Completed enrollments (2FA turned on)")
                .register(registry);
        userLockouts = lockoutCounter(registry, "user");
        clientLockouts = lockoutCounter(registry, "client");
    }

    /** For the command line, which has no metrics endpoint: counts into nothing. */
    public static GatehouseMetrics none() {
        return new GatehouseMetrics(new CompositeMeterRegistry());
    }

    private static Counter lockoutCounter(MeterRegistry registry, String scope) {
        return Counter.builder(LOCKOUTS)
                .tag("scope", scope)
                .description("Attempts refused because the account (user) or the client address (client) is locked out")
                .register(registry);
    }

    public void challenge(ChallengeOutcome outcome) {
        challenges.get(outcome).increment();
    }

    public void enrolled() {
        enrollments.increment();
    }

    /** {@code actor} is one of {@link #DEACTIVATION_ACTORS}; anything else is not counted. */
    public void deactivated(String actor) {
        Counter counter = deactivations.get(actor);
        if (counter != null) {
            counter.increment();
        }
    }

    /** {@code reason} is one of {@link #REPORT_ONLY_REASONS}; anything else is not counted. */
    public void wouldEnforce(String reason) {
        Counter counter = reportOnly.get(reason);
        if (counter != null) {
            counter.increment();
        }
    }

    /** {@code outcome} is one of {@link #PROBE_OUTCOMES}; anything else is not counted. */
    public void identityProbe(String outcome) {
        Counter counter = identityProbes.get(outcome);
        if (counter != null) {
            counter.increment();
        }
    }

    /** A challenge refused by a lockout: counted as a {@code locked} challenge and as a lockout of its scope. */
    public void lockedOut(boolean userScope) {
        challenges.get(ChallengeOutcome.LOCKED).increment();
        (userScope ? userLockouts : clientLockouts).increment();
    }

    /**
     * One counter per possible decision (each rule's and the default's), registered now; the returned
     * {@link PolicyDecisions} only looks the decision up by identity on the request path.
     */
    public PolicyDecisions policyDecisions(Collection<ResolvedPolicy> decisions) {
        Map<ResolvedPolicy, Counter> counters = new IdentityHashMap<>();
        for (ResolvedPolicy decision : decisions) {
            counters.put(
                    decision,
                    Counter.builder(POLICY_DECISIONS)
                            .tag("rule", decision.ruleName())
                            .tag("mode", decision.mode().yamlName())
                            .description(
                                    "Requests decided by each policy rule (or the default), with the rule's policy")
                            .register(registry));
        }
        return new PolicyDecisions(counters);
    }

    /** The pre-registered decision counters. */
    public static final class PolicyDecisions {

        private final Map<ResolvedPolicy, Counter> counters;

        PolicyDecisions(Map<ResolvedPolicy, Counter> counters) {
            this.counters = counters;
        }

        /** Counts {@code decision}; a decision that was not registered (none is expected) is not counted. */
        public void count(ResolvedPolicy decision) {
            Counter counter = counters.get(decision);
            if (counter != null) {
                counter.increment();
            }
        }
    }
}
