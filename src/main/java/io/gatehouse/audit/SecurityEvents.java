package io.gatehouse.audit;

import io.gatehouse.metrics.GatehouseMetrics;
import io.gatehouse.metrics.GatehouseMetrics.ChallengeOutcome;
import io.gatehouse.notify.Notice;
import io.gatehouse.notify.Notifier;
import io.gatehouse.store.TwoFactorService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * What the observer, the pages, the console and the CLI call when something security-relevant happens: each call
 * writes the audit event, counts it in {@link GatehouseMetrics} and, where the user should hear of it, queues the
 * email. Nothing here can fail the action it reports.
 */
public final class SecurityEvents {

    /** One lockout email per user in this time, however many locked attempts follow. */
    private static final Duration LOCKOUT_MAIL_QUIET = Duration.ofHours(1);

    private final AuditTrail trail;
    private final Notifier notifier;
    private final TwoFactorService twoFactor;
    private final Clock clock;
    private final GatehouseMetrics metrics;

    public SecurityEvents(
            AuditTrail trail, Notifier notifier, TwoFactorService twoFactor, Clock clock, GatehouseMetrics metrics) {
        this.trail = trail;
        this.metrics = metrics;
        this.notifier = notifier;
        this.twoFactor = twoFactor;
        this.clock = clock;
    }

    public AuditTrail trail() {
        return trail;
    }

    public Mono<Void> loginObserved(String user, String ip, boolean enrolled, String policy) {
        return record(
                "login.observed", user, user, ip, Map.of("enrolled", Boolean.toString(enrolled), "policy", policy));
    }

    public Mono<Void> challengePassed(String user, String ip) {
        metrics.challenge(ChallengeOutcome.ACCEPTED);
        return record("challenge.passed", user, user, ip, Map.of("method", "totp"));
    }

    /** A sign-in skipped the challenge because the browser was remembered. */
    public Mono<Void> rememberedBrowserUsed(String user, String ip) {
        return record("challenge.skipped", user, user, ip, Map.of("method", "remembered-browser"));
    }

    /** The user asked the challenge page to remember this browser. */
    public Mono<Void> browserRemembered(String user, String ip, Duration lifetime) {
        return record("browser.remembered", user, user, ip, Map.of("days", Long.toString(lifetime.toDays())));
    }

    /** {@code reason} is {@code invalid} or {@code replayed}. */
    public Mono<Void> challengeFailed(String user, String ip, String reason) {
        metrics.challenge("replayed".equals(reason) ? ChallengeOutcome.REPLAYED : ChallengeOutcome.INVALID);
        return record("challenge.failed", user, user, ip, Map.of("reason", reason));
    }

    public Mono<Void> recoveryCodeUsed(String user, String ip, long remaining) {
        metrics.challenge(ChallengeOutcome.RECOVERY_ACCEPTED);
        notifier.send(new Notice.RecoveryCodeUsed(user, remaining, clock.instant()));
        return record("recovery-code.used", user, user, ip, Map.of("remaining", Long.toString(remaining)));
    }

    /** A lockout answer; the email goes out once per {@link #LOCKOUT_MAIL_QUIET}, client-address locks send none. */
    public Mono<Void> lockedOut(String user, String ip, Optional<Instant> until, boolean userScope) {
        metrics.lockedOut(userScope);
        Mono<Void> mail = !userScope
                ? Mono.empty()
                : twoFactor
                        .firstNotice(user, "lockout", LOCKOUT_MAIL_QUIET)
                        .doOnNext(first -> {
                            if (first) {
                                notifier.send(new Notice.LockedOut(user, until, clock.instant()));
                            }
                        })
                        .onErrorResume(error -> Mono.empty())
                        .then();
        return mail.then(record(
                "lockout",
                user,
                user,
                ip,
                Map.of(
                        "scope",
                        userScope ? "user" : "client",
                        "until",
                        until.map(Instant::toString).orElse("admin-unlock"))));
    }

    /** The one-time code before an enrollment is emailed (the code itself is never recorded). */
    public Mono<Void> emailCodeSent(String user, String ip, String code) {
        notifier.send(new Notice.EmailCode(user, code));
        return record("email-code.sent", user, user, ip, Map.of());
    }

    /** An emailed code was typed: {@code outcome} is confirmed, invalid or no-code. */
    public Mono<Void> emailCodeChecked(String user, String ip, String outcome) {
        return record(
                "confirmed".equals(outcome) ? "email-code.confirmed" : "email-code.failed",
                user,
                user,
                ip,
                Map.of("outcome", outcome));
    }

    public Mono<Void> enrolled(String user, String ip) {
        metrics.enrolled();
        notifier.send(new Notice.Enabled(user, clock.instant()));
        return record("enrollment.completed", user, user, ip, Map.of());
    }

    public Mono<Void> deactivated(String user, Actor actor, String ip) {
        metrics.deactivated(actor.kind().name().toLowerCase(java.util.Locale.ROOT));
        notifier.send(new Notice.Disabled(user, actor.described(), clock.instant()));
        return record(
                "2fa.deactivated",
                user,
                actor.audited(),
                ip,
                Map.of("by", actor.kind().name().toLowerCase()));
    }

    public Mono<Void> adminAction(String type, String user, Actor actor, String ip, Map<String, String> details) {
        return record("admin." + type, user, actor.audited(), ip, details);
    }

    public Mono<Void> policyDeny(String user, String ip, String method, String path, String rule) {
        return record("policy.deny", user, user, ip, Map.of("method", method, "path", path, "rule", rule));
    }

    /**
     * A request carried credentials outside the login (an {@code Authorization} header, a password field) and was
     * refused; {@code user} is {@code -} when nobody is signed in.
     */
    public Mono<Void> credentialsRefused(String user, String ip, String method, String path, String carrier) {
        return record(
                "request.credentials-refused",
                user,
                user,
                ip,
                Map.of("method", method, "path", path, "carrier", carrier));
    }

    /**
     * The upstream signed someone in but Gatehouse would not go on with it ({@code reason}: who it was could not be
     * told, the login named its user ambiguously, the identity probe disagreed or failed); nothing of the answer was
     * delivered. {@code user} is the identity as far as known, else {@code -}.
     */
    public Mono<Void> signInRefused(String user, String ip, String method, String path, String reason) {
        return record("login.refused", user, user, ip, Map.of("method", method, "path", path, "reason", reason));
    }

    /**
     * Report-only mode let through what enforce mode would have stopped ({@code reason}: one of
     * {@link GatehouseMetrics#REPORT_ONLY_REASONS}); {@code user} is {@code -} when nobody is signed in.
     */
    public Mono<Void> wouldEnforce(String user, String ip, String reason, String method, String path) {
        metrics.wouldEnforce(reason);
        return record(
                "report-only.would-enforce", user, user, ip, Map.of("reason", reason, "method", method, "path", path));
    }

    private Mono<Void> record(String type, String user, String actor, String ip, Map<String, String> details) {
        return trail.record(new AuditEvent(clock.instant(), type, user, actor, ip, details));
    }
}
