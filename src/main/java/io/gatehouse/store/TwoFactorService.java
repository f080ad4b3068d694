package io.gatehouse.store;

import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.TotpProperties;
import io.gatehouse.totp.Base32;
import io.gatehouse.totp.OtpAuthUri;
import io.gatehouse.totp.RecoveryCodes;
import io.gatehouse.totp.TotpAlgorithm;
import io.gatehouse.totp.TotpParameters;
import io.gatehouse.totp.TotpSecret;
import io.gatehouse.totp.TotpSecretGenerator;
import io.gatehouse.totp.TotpVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * What the enrollment, challenge, account and admin pages call: two-phase enrollment, TOTP and recovery-code
 * verification with replay and brute-force protection, and the admin operations. Every Redis failure
 * surfaces as {@link StoreUnavailableException}, never as a wrong code.
 */
public final class TwoFactorService {

    // Margin for clock differences between gateways sharing one Redis.
    private static final Duration STEP_TTL_MARGIN = Duration.ofMinutes(5);
    private static final String PENDING_PURPOSE = "gatehouse/pending-secret/v1";

    private final TotpParameters newSecrets;
    private final String issuer;
    private final TotpSecretGenerator generator;
    private final TotpVerifier verifier;
    private final RecoveryCodes recoveryCodes;
    private final RecoveryCodeHasher hasher;
    private final SecretCipher cipher;
    private final SecretRepository secrets;
    private final UsedSteps usedSteps;
    private final RecoveryCodeStore recoveryStore;
    private final AttemptLimiter limiter;
    private final AccountRecords records;
    private final EmailCodes emailCodes;
    private final DeviceTokens deviceTokens;
    private final RedisKeys keys;
    private final ReplicaAcknowledgement replicas;

    TwoFactorService(
            TotpParameters newSecrets,
            String issuer,
            TotpSecretGenerator generator,
            TotpVerifier verifier,
            RecoveryCodes recoveryCodes,
            RecoveryCodeHasher hasher,
            SecretCipher cipher,
            SecretRepository secrets,
            UsedSteps usedSteps,
            RecoveryCodeStore recoveryStore,
            AttemptLimiter limiter,
            AccountRecords records,
            EmailCodes emailCodes,
            DeviceTokens deviceTokens,
            RedisKeys keys,
            ReplicaAcknowledgement replicas) {
        this.newSecrets = Objects.requireNonNull(newSecrets, "newSecrets");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.generator = generator;
        this.verifier = verifier;
        this.recoveryCodes = recoveryCodes;
        this.hasher = hasher;
        this.cipher = cipher;
        this.secrets = secrets;
        this.usedSteps = usedSteps;
        this.recoveryStore = recoveryStore;
        this.limiter = limiter;
        this.records = records;
        this.emailCodes = emailCodes;
        this.deviceTokens = deviceTokens;
        this.keys = keys;
        this.replicas = Objects.requireNonNull(replicas, "replicas");
    }

    /**
     * The service as the settings describe it ({@code gatehouse.totp}, {@code gatehouse.lockout}): what the
     * application context and the CLI both use.
     */
    public static TwoFactorService of(
            GatehouseProperties properties,
            ReactiveStringRedisTemplate redis,
            RedisKeys keys,
            SecretKeyring keyring,
            Clock clock,
            SecureRandom random,
            ReplicaAcknowledgement replicas) {
        TotpProperties totp = properties.totp();
        return create(
                redis,
                keys,
                keyring,
                totp.toParameters(),
                totp.skew(),
                totp.issuer(),
                LockoutPolicy.of(properties.lockout()),
                clock,
                random,
                replicas);
    }

    /**
     * The service and its collaborators over one Redis and one keyring.
     *
     * @param newSecrets parameters for secrets created from now on (enrolled users keep theirs)
     * @param skew       time steps accepted either side of the current one
     * @param issuer     the name authenticator apps show next to the account
     * @param replicas   how a saved enrollment waits for replicas before it counts as done
     */
    public static TwoFactorService create(
            ReactiveStringRedisTemplate redis,
            RedisKeys keys,
            SecretKeyring keyring,
            TotpParameters newSecrets,
            int skew,
            String issuer,
            LockoutPolicy lockout,
            Clock clock,
            SecureRandom random,
            ReplicaAcknowledgement replicas) {
        SecretCipher cipher = new SecretCipher(keyring, random);
        return new TwoFactorService(
                newSecrets,
                issuer,
                new TotpSecretGenerator(random),
                new TotpVerifier(clock, skew),
                new RecoveryCodes(random),
                new RecoveryCodeHasher(keyring),
                cipher,
                new SecretRepository(redis, keys, cipher, keyring, clock),
                new UsedSteps(redis, keys),
                new RecoveryCodeStore(redis, keys),
                new AttemptLimiter(redis, keys, lockout, clock),
                new AccountRecords(redis, keys, clock),
                new EmailCodes(redis, keys, keyring, random),
                new DeviceTokens(redis, keys, keyring, random, clock),
                keys,
                replicas);
    }

    /** {@link #create} without waiting for replicas. */
    public static TwoFactorService create(
            ReactiveStringRedisTemplate redis,
            RedisKeys keys,
            SecretKeyring keyring,
            TotpParameters newSecrets,
            int skew,
            String issuer,
            LockoutPolicy lockout,
            Clock clock,
            SecureRandom random) {
        return create(
                redis, keys, keyring, newSecrets, skew, issuer, lockout, clock, random, ReplicaAcknowledgement.none());
    }

    /** A new secret for {@code user}, not saved: keep it in the session (see {@link #sealPending}) until confirmed. */
    public PendingEnrollment enroll(String user) {
        TotpSecret secret = generator.generate(newSecrets);
        return new PendingEnrollment(secret, otpauthUri(user, secret));
    }

    /** The URI an authenticator app scans for {@code user}'s (pending) secret, e.g. to show it again. */
    public String otpauthUri(String user, TotpSecret secret) {
        return OtpAuthUri.of(issuer, RedisKeys.canonicalUser(user), secret);
    }

    /** The pending secret encrypted for {@code user}, so that it is not in clear in the (Redis-backed) session. */
    public String sealPending(String user, TotpSecret pending) {
        TotpParameters p = pending.parameters();
        return p.algorithm().name() + ":" + p.digits() + ":" + p.periodSeconds() + ":"
                + cipher.seal(
                        Base32.decode(pending.base32()), SecretRepository.associatedData(PENDING_PURPOSE, user, p));
    }

    /** The pending secret sealed by {@link #sealPending}; {@link SecretUnreadableException} if it is not {@code user}'s. */
    public TotpSecret openPending(String user, String sealed) {
        String[] parts = sealed == null ? new String[0] : sealed.split(":", 4);
        TotpParameters parameters;
        try {
            if (parts.length != 4) {
                throw new IllegalArgumentException("expected algorithm:digits:period:ciphertext");
            }
            parameters = new TotpParameters(
                    TotpAlgorithm.parse(parts[0]).orElseThrow(),
                    Integer.parseInt(parts[1]),
                    Duration.ofSeconds(Long.parseLong(parts[2])));
        } catch (RuntimeException e) {
            throw new SecretUnreadableException("malformed pending secret", e);
        }
        byte[] raw = cipher.open(parts[3], SecretRepository.associatedData(PENDING_PURPOSE, user, parameters));
        return new TotpSecret(Base32.encode(raw), parameters);
    }

    /**
     * Checks the first code from the user's app; if it matches, saves the secret encrypted, marks the code's
     * step used (so it cannot be replayed) and creates the first recovery codes, all in one atomic step; then, where
     * configured, waits until replicas hold it (a {@link StoreUnavailableException} when they do not in time: the
     * enrollment stays saved on the master, and the user's app works at the next sign-in).
     */
    public Mono<EnrollmentResult> confirmEnrollment(String user, TotpSecret pending, String code) {
        OptionalLong step = verifier.verify(pending, code);
        if (step.isEmpty()) {
            return Mono.just(new EnrollmentResult.InvalidCode());
        }
        List<String> codes = recoveryCodes.generate();
        return secrets.enroll(user, pending, step.getAsLong(), stepTtl(pending.parameters()), digests(user, codes))
                .flatMap(saved -> saved
                        ? replicas.await(keys.replicated(user))
                                .then(records.verifiedNow(user))
                                .thenReturn((EnrollmentResult) new EnrollmentResult.Enrolled(codes))
                        : Mono.just(new EnrollmentResult.AlreadyEnrolled()));
    }

    /** Checks a TOTP code: lockouts first, the attempt counted before the check, then replay. */
    public Mono<VerificationResult> verify(String user, String code, String clientIp) {
        return secrets.find(user)
                .flatMap(secret -> limiter.admit(user, clientIp).flatMap(admission -> {
                    if (admission.refusal().isPresent()) {
                        return Mono.<VerificationResult>just(admission.refusal().get());
                    }
                    OptionalLong step = verifier.verify(secret, code);
                    if (step.isEmpty()) {
                        return Mono.just(failure(admission));
                    }
                    return usedSteps
                            .accept(user, step.getAsLong(), stepTtl(secret.parameters()))
                            .flatMap(accepted -> accepted
                                    ? limiter.clientSucceeded(clientIp).thenReturn((VerificationResult)
                                            new VerificationResult.Accepted(step.getAsLong()))
                                    : Mono.just(new VerificationResult.Replayed()));
                }))
                .switchIfEmpty(Mono.fromSupplier(VerificationResult.NotEnrolled::new))
                .flatMap(result -> recorded(user, result));
    }

    /** A passed check is remembered as the user's "last verified" time (shown on the account and admin pages). */
    private Mono<VerificationResult> recorded(String user, VerificationResult result) {
        return result instanceof VerificationResult.Accepted
                        || result instanceof VerificationResult.RecoveryCodeAccepted
                ? records.verifiedNow(user).thenReturn(result)
                : Mono.just(result);
    }

    /** Checks a recovery code; attempts count toward the same lockout as TOTP codes. */
    public Mono<VerificationResult> verifyRecoveryCode(String user, String code, String clientIp) {
        return secrets.exists(user)
                .flatMap(enrolled -> !enrolled
                        ? Mono.just(new VerificationResult.NotEnrolled())
                        : limiter.admit(user, clientIp).flatMap(admission -> {
                            if (admission.refusal().isPresent()) {
                                return Mono.<VerificationResult>just(
                                        admission.refusal().get());
                            }
                            Optional<String> canonical = RecoveryCodes.normalise(code);
                            if (canonical.isEmpty()) {
                                return Mono.just(failure(admission));
                            }
                            return recoveryStore
                                    .consume(user, hasher.candidates(RedisKeys.canonicalUser(user), canonical.get()))
                                    .flatMap(remaining -> limiter.clientSucceeded(clientIp)
                                            .thenReturn((VerificationResult)
                                                    new VerificationResult.RecoveryCodeAccepted(remaining)))
                                    .switchIfEmpty(Mono.fromSupplier(() -> failure(admission)));
                        }))
                .flatMap(result -> recorded(user, result));
    }

    /**
     * A new one-time code to email to {@code user} before an enrollment (it replaces any earlier one), or empty while
     * the last one was sent less than a minute ago.
     */
    public Mono<Optional<String>> newEmailCode(String user) {
        return emailCodes.issue(user);
    }

    /** Checks the emailed code; attempts count toward the same lockout as TOTP and recovery codes. */
    public Mono<EmailCodeResult> checkEmailCode(String user, String code, String clientIp) {
        return limiter.admit(user, clientIp).flatMap(admission -> {
            if (admission.refusal().isPresent()) {
                return Mono.<EmailCodeResult>just(
                        new EmailCodeResult.LockedOut(admission.refusal().get()));
            }
            Optional<String> digits = EmailCodes.normalise(code);
            Mono<Long> outcome = digits.isEmpty() ? Mono.just(0L) : emailCodes.check(user, digits.get());
            return outcome.flatMap(result -> result == 1
                    ? limiter.clientSucceeded(clientIp).thenReturn((EmailCodeResult) new EmailCodeResult.Confirmed())
                    : Mono.just(emailCodeFailure(admission, result)));
        });
    }

    private EmailCodeResult emailCodeFailure(AttemptLimiter.Admission admission, long result) {
        VerificationResult failure = failure(admission);
        if (failure instanceof VerificationResult.LockedOut locked) {
            return new EmailCodeResult.LockedOut(locked);
        }
        return result < 0
                ? new EmailCodeResult.NoCode()
                : new EmailCodeResult.InvalidCode(admission.remainingAttempts());
    }

    /**
     * A remembered-browser token for {@code user} (the cookie value), valid for {@code lifetime} unless revoked: a
     * disable, an administrator's reset and a new secret revoke all of the user's tokens.
     */
    public Mono<String> rememberBrowser(String user, Duration lifetime) {
        return deviceTokens.issue(user, lifetime);
    }

    /** Whether {@code token} is a valid remembered-browser token of {@code user} (false for another user's). */
    public Mono<Boolean> isRememberedBrowser(String user, String token) {
        return deviceTokens.isValid(user, token);
    }

    /** A new set of recovery codes replacing the old one; empty when the user is not enrolled. */
    public Mono<List<String>> regenerateRecoveryCodes(String user) {
        List<String> codes = recoveryCodes.generate();
        return recoveryStore
                .replace(user, digests(user, codes))
                .filter(Boolean::booleanValue)
                .map(replaced -> codes);
    }

    public Mono<Long> remainingRecoveryCodes(String user) {
        return recoveryStore.remaining(user);
    }

    public Mono<Boolean> isEnrolled(String user) {
        return secrets.exists(user);
    }

    /** Removes the secret, the used step, the recovery codes and the lockout; true when the user was enrolled. */
    public Mono<Boolean> disable(String user) {
        return secrets.delete(user);
    }

    /** Everything the account and admin pages show about {@code user}'s second factor, read in one go. */
    public Mono<AccountStatus> status(String user) {
        return Mono.zip(
                        secrets.exists(user),
                        secrets.enrolledAt(user).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        records.lastVerified(user).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        recoveryStore.remaining(user),
                        limiter.state(user),
                        records.mustEnroll(user))
                .map(t -> new AccountStatus(t.getT1(), t.getT2(), t.getT3(), t.getT4(), t.getT5(), t.getT6()));
    }

    /**
     * Marks {@code user} to enroll afresh at the next observed login: the login observer then deletes the current
     * secret (as {@link #disable} does) and sends the user to enrollment. Sessions already open are not touched.
     */
    public Mono<Boolean> requireEnrollment(String user) {
        return records.requireEnrollment(user);
    }

    public Mono<Boolean> mustEnroll(String user) {
        return records.mustEnroll(user);
    }

    /** True at most once per {@code quiet} for this user and {@code kind}: keeps one lockout from sending ten emails. */
    public Mono<Boolean> firstNotice(String user, String kind, Duration quiet) {
        return records.firstNotice(user, kind, quiet);
    }

    public Mono<LockoutState> lockoutState(String user) {
        return limiter.state(user);
    }

    /** Lifts the user's lockout and resets the back-off level; true when there was anything to clear. */
    public Mono<Boolean> unlock(String user) {
        return limiter.unlock(user);
    }

    /** Lifts a client address's failure limit. */
    public Mono<Boolean> unlockClient(String clientIp) {
        return limiter.unlockClient(clientIp);
    }

    /** Re-encrypts every stored secret under the current key; the number re-encrypted. */
    public Mono<Long> rotateSecrets() {
        return secrets.rotate();
    }

    private VerificationResult failure(AttemptLimiter.Admission admission) {
        if (admission.untilUnlocked()) {
            return AttemptLimiter.lockedOut(-1);
        }
        return admission
                .lockedByThisAttempt()
                .<VerificationResult>map(until -> AttemptLimiter.lockedOut(until.toEpochMilli()))
                .orElseGet(() -> new VerificationResult.InvalidCode(admission.remainingAttempts()));
    }

    private List<String> digests(String user, List<String> codes) {
        String canonicalUser = RedisKeys.canonicalUser(user);
        return codes.stream()
                .map(c ->
                        hasher.digest(canonicalUser, RecoveryCodes.normalise(c).orElseThrow()))
                .toList();
    }

    /** Long enough that a step is remembered until it has left every gateway's acceptance window. */
    private Duration stepTtl(TotpParameters parameters) {
        return parameters.period().multipliedBy(2L * verifier.skew() + 2).plus(STEP_TTL_MARGIN);
    }
}
