package io.gatehouse.cli;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.gatehouse.admin.AccountActions;
import io.gatehouse.admin.SessionRevoker;
import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditTrail;
import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.metrics.GatehouseMetrics;
import io.gatehouse.notify.Notifier;
import io.gatehouse.notify.NotifyConfiguration;
import io.gatehouse.store.AccountStatus;
import io.gatehouse.store.EnrollmentResult;
import io.gatehouse.store.KeyringLoader;
import io.gatehouse.store.RedisConfiguration;
import io.gatehouse.store.RedisKeys;
import io.gatehouse.store.ReplicaAcknowledgement;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.totp.TotpParameters;
import io.gatehouse.totp.TotpSecret;
import io.gatehouse.totp.TotpVerifier;
import io.gatehouse.web.MessageBundles;
import io.gatehouse.web.Times;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import org.springframework.session.data.redis.ReactiveRedisIndexedSessionRepository;

/**
 * {@code gatehouse admin ...} and {@code gatehouse secrets rotate}: the console's operations, and the import of
 * TOTP secrets, straight against Redis, with the same account operations (audited as {@code cli:<os user>}, users emailed) and no web server.
 */
final class AdminCommands implements AutoCloseable {

    private static final String SESSION_NAMESPACE_KEY = "spring.session.data.redis.namespace";

    private final LettuceConnectionFactory factory;
    private final ReplicaAcknowledgement replicas;
    private final TwoFactorService twoFactor;
    private final AccountActions actions;
    private final SecurityEvents events;
    private final Notifier notifier;
    private final Clock clock;
    private final int skew;

    private AdminCommands(
            LettuceConnectionFactory factory,
            ReplicaAcknowledgement replicas,
            TwoFactorService twoFactor,
            AccountActions actions,
            SecurityEvents events,
            Notifier notifier,
            Clock clock,
            int skew) {
        this.replicas = replicas;
        this.clock = clock;
        this.events = events;
        this.skew = skew;
        this.factory = factory;
        this.twoFactor = twoFactor;
        this.actions = actions;
        this.notifier = notifier;
    }

    /** Connects to the configured (external) Redis; throws when it cannot be reached. */
    static AdminCommands connect(GatehouseProperties properties, Environment environment) {
        LettuceConnectionFactory factory = RedisConfiguration.connectExternal(properties.redis());
        ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(factory);
        RedisKeys keys = new RedisKeys(properties.redis().keyPrefix());
        Map<String, String> variables = new HashMap<>();
        variables.put(KeyringLoader.CURRENT_KEY_VARIABLE, environment.getProperty(KeyringLoader.CURRENT_KEY_VARIABLE));
        variables.put(KeyringLoader.OLD_KEYS_VARIABLE, environment.getProperty(KeyringLoader.OLD_KEYS_VARIABLE));
        Clock clock = Clock.systemUTC();
        // An imported secret waits for replicas as a web enrollment does (gatehouse.redis.min-replicas-ack).
        ReplicaAcknowledgement replicas = ReplicaAcknowledgement.of(
                factory.getRequiredNativeClient(),
                properties.redis().minReplicasAck(),
                properties.redis().replicaAckTimeout());
        TwoFactorService twoFactor = TwoFactorService.of(
                properties, redis, keys, KeyringLoader.fromEnvironment(variables), clock, new SecureRandom(), replicas);
        ReactiveRedisTemplate<String, Object> sessionOps = new ReactiveRedisTemplate<>(
                factory,
                RedisSerializationContext.<String, Object>newSerializationContext(new StringRedisSerializer())
                        .value(RedisConfiguration.sessionSerializer())
                        .hashKey(new StringRedisSerializer())
                        .hashValue(RedisConfiguration.sessionSerializer())
                        .build());
        ReactiveRedisIndexedSessionRepository sessions = new ReactiveRedisIndexedSessionRepository(sessionOps, redis);
        sessions.setRedisKeyNamespace(environment.getProperty(SESSION_NAMESPACE_KEY, "gatehouse:session"));
        Notifier notifier = NotifyConfiguration.create(
                properties, TemplateEngine.createPrecompiled(ContentType.Html), new MessageBundles());
        SecurityEvents events = new SecurityEvents(
                new AuditTrail(redis, keys, properties.audit().maxEvents()),
                notifier,
                twoFactor,
                clock,
                GatehouseMetrics.none());
        return new AdminCommands(
                factory,
                replicas,
                twoFactor,
                new AccountActions(twoFactor, new SessionRevoker(sessions), events),
                events,
                notifier,
                clock,
                properties.totp().skew());
    }

    int run(List<String> words, PrintStream out) throws InterruptedException {
        String ip = "cli";
        if (words.equals(List.of("secrets", "rotate"))) {
            Long count = twoFactor.rotateSecrets().block();
            out.println("Re-encrypted " + count + " secrets under the current key.");
            return GatehouseCli.OK;
        }
        String command = words.get(1);
        String user = words.get(words.size() - 1);
        switch (command) {
            case "status" -> {
                AccountActions.Overview overview = actions.overview(user).block();
                AccountStatus s = overview.status();
                out.println("User:                " + user);
                out.println("2FA:                 " + (s.enrolled() ? "on" : "off"));
                out.println("Enrolled since:      " + Times.format(s.enrolledAt(), "-"));
                out.println("Last verified:       " + Times.format(s.lastVerifiedAt(), "-"));
                out.println("Recovery codes left: " + s.recoveryCodesLeft());
                out.println("Locked:              "
                        + (!s.lockout().locked()
                                ? "no"
                                : s.lockout().untilUnlocked()
                                        ? "until an admin unlocks"
                                        : "until " + Times.format(s.lockout().lockedUntil(), "-")));
                out.println("Must enroll at login: " + (s.mustEnroll() ? "yes" : "no"));
                out.println("Active sessions:     " + overview.sessions().size());
                java.time.Instant now = clock.instant();
                for (SessionRevoker.SessionInfo session : overview.sessions()) {
                    out.println("  " + session.idPrefix() + "...  "
                            + (session.verifiedSince() == null
                                    ? "not verified"
                                    : "verified since " + Times.format(session.verifiedSince()) + " (age "
                                            + session.age(now) + ")")
                            + ", last activity "
                            + Times.format(java.util.Optional.ofNullable(session.lastActivity()), "-")
                            + ", last request " + Times.format(session.lastAccessed()));
                }
            }
            case "disable-2fa" -> {
                AccountActions.Disabled done =
                        actions.disable(user, Actor.cli(), ip, true).block();
                out.println((done.wasEnrolled() ? "2FA disabled for " : "No 2FA was set up for ") + user + "; "
                        + done.sessionsEnded() + " sessions ended; the user is emailed where an address is known.");
            }
            case "unlock" ->
                out.println(
                        Boolean.TRUE.equals(
                                        actions.unlock(user, Actor.cli(), ip).block())
                                ? user + " unlocked."
                                : user + " was not locked.");
            case "require-enrollment" -> {
                actions.requireEnrollment(user, Actor.cli(), ip).block();
                out.println(user + " must set up 2FA again at the next login (the current secret is deleted then).");
            }
            case "sessions" ->
                out.println(actions.revokeSessions(user, Actor.cli(), ip).block() + " sessions of " + user + " ended.");
            default -> throw new IllegalArgumentException(command);
        }
        notifier.awaitIdle(Duration.ofSeconds(30));
        return GatehouseCli.OK;
    }

    /**
     * {@code admin totp import|generate}: saves {@code secret} as {@code user}'s enrolled secret through the same
     * confirmation as the enrollment page (encrypted with the keyring, first recovery codes, replica wait, the
     * {@code enrollment.completed} event and email) plus an {@code admin.totp-imported} event naming the operator.
     * An enrolled user, or one who must enroll afresh, is refused unless {@code force}, which deletes the old secret,
     * its recovery codes, remembered browsers and lockout first. {@code printSecret} shows the key (for generate).
     */
    int totp(String user, TotpSecret secret, boolean force, boolean printSecret, PrintStream out, PrintStream err)
            throws InterruptedException {
        String ip = "cli";
        AccountStatus status = twoFactor.status(user).block();
        boolean replaced = status.enrolled() || status.mustEnroll();
        if (replaced && !force) {
            err.println(
                    status.enrolled()
                            ? user
                                    + " already has 2FA set up; --force replaces the secret (and deletes the recovery codes"
                                    + " and remembered browsers)."
                            : user
                                    + " must set up 2FA again at the next login (require-enrollment), which would delete an"
                                    + " imported secret; --force imports it and clears that.");
            return GatehouseCli.PROBLEM;
        }
        if (replaced) {
            twoFactor.disable(user).block();
        }
        EnrollmentResult result = confirm(user, secret);
        if (!(result instanceof EnrollmentResult.Enrolled enrolled)) {
            err.println(user + " enrolled at the same moment elsewhere; nothing was imported. Run the command again"
                    + " with --force to replace that secret.");
            return GatehouseCli.PROBLEM;
        }
        events.enrolled(user, ip)
                .then(events.adminAction(
                        "totp-imported",
                        user,
                        Actor.cli(),
                        ip,
                        Map.of("replaced", Boolean.toString(replaced), "generated", Boolean.toString(printSecret))))
                .block();
        TotpParameters p = secret.parameters();
        out.println("2FA is on for " + user + " (" + p.algorithm() + ", " + p.digits() + " digits, " + p.periodSeconds()
                + " s" + (replaced ? "; the previous secret is deleted" : "") + ").");
        if (printSecret) {
            out.println("Secret:      " + secret.base32());
            out.println("otpauth URI: " + twoFactor.otpauthUri(user, secret));
        }
        out.println(
                "Recovery codes (shown once; give them to the user, who can also make new ones on the account page):");
        enrolled.recoveryCodes().forEach(code -> out.println("  " + code));
        notifier.awaitIdle(Duration.ofSeconds(30));
        return GatehouseCli.OK;
    }

    /**
     * Confirms with the code of the oldest step the window accepts, so that the user's current code still works at
     * the next challenge; a step boundary passing in between makes that code too old once, hence the second try.
     */
    private EnrollmentResult confirm(String user, TotpSecret secret) {
        TotpVerifier verifier = new TotpVerifier(clock, skew);
        for (int attempt = 0; attempt < 2; attempt++) {
            String code = verifier.codeAt(secret, verifier.currentStep(secret.parameters()) - skew);
            EnrollmentResult result =
                    twoFactor.confirmEnrollment(user, secret, code).block();
            if (!(result instanceof EnrollmentResult.InvalidCode)) {
                return result;
            }
        }
        throw new IllegalStateException("the secret's own code was refused twice; is the clock jumping?");
    }

    /** A new secret with the configured {@code gatehouse.totp} parameters, as the enrollment page makes one. */
    TotpSecret newSecret(String user) {
        return twoFactor.enroll(user).secret();
    }

    @Override
    public void close() {
        replicas.close();
        factory.destroy();
    }
}
