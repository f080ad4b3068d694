package io.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.EmbeddedRedis.MutableClock;
import io.gatehouse.store.VerificationResult.LockScope;
import io.gatehouse.totp.TotpParameters;
import io.gatehouse.totp.TotpSecret;
import io.gatehouse.totp.TotpVerifier;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class TwoFactorServiceIntegrationTests {

    static final String KEY_A = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

    private static EmbeddedRedis redis;

    private final MutableClock clock = new MutableClock(START);
    private final RedisKeys keys = new RedisKeys("gatehouse:");

    @BeforeAll
    static void startRedis() throws Exception {
        redis = EmbeddedRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.stop();
    }

    @BeforeEach
    void flush() {
        redis.flushAll();
    }

    private TwoFactorService service(LockoutPolicy policy) {
        return service(KeyringLoader.parse(KEY_A, null), policy);
    }

    private TwoFactorService service(SecretKeyring keyring, LockoutPolicy policy) {
        return TwoFactorService.create(
                redis.template(),
                keys,
                keyring,
                TotpParameters.DEFAULTS,
                1,
                "Gatehouse",
                policy,
                clock,
                new SecureRandom());
    }

    private String codeNow(TotpSecret secret, long offsetSteps) {
        TotpVerifier generator = new TotpVerifier(clock, 0);
        return generator.codeAt(secret, generator.currentStep(secret.parameters()) + offsetSteps);
    }

    private TotpSecret enrolled(TwoFactorService service, String user) {
        TotpSecret secret = service.enroll(user).secret();
        StepVerifier.create(service.confirmEnrollment(user, secret, codeNow(secret, -1)))
                .assertNext(result -> assertThat(result).isInstanceOf(EnrollmentResult.Enrolled.class))
                .verifyComplete();
        return secret;
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    @Test
    void confirmEnrollmentWhenCodeValidThenEnrolledAndConfirmingCodeCannotBeReused() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        PendingEnrollment pending = service.enroll("alice");
        String code = codeNow(pending.secret(), 0);

        EnrollmentResult result =
                service.confirmEnrollment("alice", pending.secret(), code).block();

        assertThat(result)
                .isInstanceOfSatisfying(
                        EnrollmentResult.Enrolled.class,
                        enrolled ->
                                assertThat(enrolled.recoveryCodes()).hasSize(10).doesNotHaveDuplicates());
        assertThat(service.isEnrolled("alice").block()).isTrue();
        assertThat(service.remainingRecoveryCodes("alice").block()).isEqualTo(10);
        assertThat(service.verify("alice", code, "10.0.0.1").block()).isEqualTo(new VerificationResult.Replayed());
        assertThat(service.verify("alice", codeNow(pending.secret(), -1), "10.0.0.1")
                        .block())
                .isEqualTo(new VerificationResult.Replayed());
    }

    @Test
    void confirmEnrollmentWhenCodeWrongThenNothingSaved() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        TotpSecret secret = service.enroll("alice").secret();

        assertThat(service.confirmEnrollment("alice", secret, wrong(codeNow(secret, 0)))
                        .block())
                .isEqualTo(new EnrollmentResult.InvalidCode());
        assertThat(service.isEnrolled("alice").block()).isFalse();
    }

    @Test
    void confirmEnrollmentWhenAlreadyEnrolledThenRefusedAndOriginalSecretKept() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        TotpSecret original = enrolled(service, "alice");
        TotpSecret other = service.enroll("alice").secret();

        assertThat(service.confirmEnrollment("alice", other, codeNow(other, 0)).block())
                .isEqualTo(new EnrollmentResult.AlreadyEnrolled());
        assertThat(service.verify("alice", codeNow(original, 1), null).block())
                .isInstanceOf(VerificationResult.Accepted.class);
    }

    @Test
    void enrollWhenUserAndIssuerThenOtpauthUriCarriesSecret() {
        PendingEnrollment pending = service(LockoutPolicy.DEFAULTS).enroll("alice smith");
        assertThat(pending.otpauthUri())
                .isEqualTo("otpauth://totp/Gatehouse:alice%20smith?secret="
                        + pending.secret().base32() + "&issuer=Gatehouse");
        assertThat(pending.toString()).doesNotContain(pending.secret().base32());
    }

    @Test
    void sealPendingWhenOpenedByOtherUserThenUnreadable() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        TotpSecret secret = service.enroll("alice").secret();
        String sealed = service.sealPending("alice", secret);

        assertThat(sealed).doesNotContain(secret.base32());
        assertThat(service.openPending("alice", sealed)).isEqualTo(secret);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.openPending("mallory", sealed))
                .isInstanceOf(SecretUnreadableException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.openPending("alice", "SHA1:6"))
                .isInstanceOf(SecretUnreadableException.class);
    }

    @Test
    void verifyWhenNewerCodeThenAcceptedWithStepAndOlderStepsReplayed() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        TotpSecret secret = enrolled(service, "alice");
        long current = new TotpVerifier(clock, 0).currentStep(secret.parameters());

        assertThat(service.verify("alice", codeNow(secret, 0), "10.0.0.1").block())
                .isEqualTo(new VerificationResult.Accepted(current));
        assertThat(service.verify("alice", codeNow(secret, 0), "10.0.0.1").block())
                .isEqualTo(new VerificationResult.Replayed());
        assertThat(service.verify("alice", codeNow(secret, -1), "10.0.0.1").block())
                .isEqualTo(new VerificationResult.Replayed());
        assertThat(service.verify("alice", codeNow(secret, 1), "10.0.0.1").block())
                .isEqualTo(new VerificationResult.Accepted(current + 1));
    }

    @Test
    void verifyWhenTwentyConcurrentSubmissionsOfOneCodeThenExactlyOneAccepted() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        TotpSecret secret = enrolled(service, "alice");
        String code = codeNow(secret, 0);

        List<VerificationResult> results = Flux.range(0, 20)
                .flatMap(i -> service.verify("alice", code, "10.0.0." + i).subscribeOn(Schedulers.parallel()), 20)
                .collectList()
                .block();

        assertThat(results).hasSize(20);
        assertThat(results)
                .filteredOn(r -> r instanceof VerificationResult.Accepted)
                .hasSize(1);
        // The others are refused as replays, or as a lockout once replays (counted as failures) reach the limit.
        assertThat(results)
                .filteredOn(r -> r instanceof VerificationResult.Replayed || r instanceof VerificationResult.LockedOut)
                .hasSize(19);
    }

    @Test
    void verifyWhenNotEnrolledThenNotEnrolledAndNothingCounted() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);

        assertThat(service.verify("nobody", "123456", "10.0.0.1").block())
                .isEqualTo(new VerificationResult.NotEnrolled());
        assertThat(service.verifyRecoveryCode("nobody", "abcd-efgh", "10.0.0.1").block())
                .isEqualTo(new VerificationResult.NotEnrolled());
        assertThat(service.lockoutState("nobody").block()).isEqualTo(LockoutState.CLEAR);
    }

    @Test
    void verifyWhenRepeatedFailuresThenLockoutsEscalateAndSuccessResetsLevel() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        TotpSecret secret = enrolled(service, "alice");
        List<Duration> backoff = LockoutPolicy.DEFAULTS.backoff();

        for (int round = 0; round < 6; round++) {
            String bad = wrong(codeNow(secret, 0));
            for (int remaining = 4; remaining >= 1; remaining--) {
                assertThat(service.verify("alice", bad, null).block())
                        .isEqualTo(new VerificationResult.InvalidCode(remaining));
            }
            Duration expected = backoff.get(Math.min(round, backoff.size() - 1));
            Instant until = clock.instant().plus(expected);
            assertThat(service.verify("alice", bad, null).block())
                    .isEqualTo(new VerificationResult.LockedOut(Optional.of(until), LockScope.USER));
            // Locked: even the right code is not checked.
            assertThat(service.verify("alice", codeNow(secret, 0), null).block())
                    .isEqualTo(new VerificationResult.LockedOut(Optional.of(until), LockScope.USER));
            LockoutState state = service.lockoutState("alice").block();
            assertThat(state.locked()).isTrue();
            assertThat(state.lockedUntil()).contains(until);
            assertThat(state.level()).isEqualTo(round + 1);
            clock.advance(expected.minusSeconds(1));
            assertThat(service.verify("alice", bad, null).block()).isInstanceOf(VerificationResult.LockedOut.class);
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(service.verify("alice", codeNow(secret, 0), null).block())
                .isInstanceOf(VerificationResult.Accepted.class);
        assertThat(service.lockoutState("alice").block()).isEqualTo(LockoutState.CLEAR);
    }

    @Test
    void verifyWhenThirtyParallelGuessesThenOnlyMaxFailuresAreChecked() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        TotpSecret secret = enrolled(service, "alice");
        String bad = wrong(codeNow(secret, 0));

        List<VerificationResult> results = Flux.range(0, 30)
                .flatMap(i -> service.verify("alice", bad, null).subscribeOn(Schedulers.parallel()), 30)
                .collectList()
                .block();

        assertThat(results)
                .filteredOn(r -> r instanceof VerificationResult.InvalidCode)
                .hasSize(4);
        assertThat(results)
                .filteredOn(r -> r instanceof VerificationResult.LockedOut)
                .hasSize(26);
        assertThat(service.lockoutState("alice").block().consecutiveFailures()).isEqualTo(5);
    }

    @Test
    void verifyWhenDefaultPolicyThenFewerThanOneHundredConsecutiveFailuresAreEverChecked() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        TotpSecret secret = enrolled(service, "alice");
        int checked = 0;
        for (int attempt = 0; attempt < 1000; attempt++) {
            VerificationResult result =
                    service.verify("alice", wrong(codeNow(secret, 0)), null).block();
            LockoutState state = service.lockoutState("alice").block();
            if (state.untilUnlocked()) {
                checked = state.consecutiveFailures();
                break;
            }
            if (result instanceof VerificationResult.LockedOut) {
                clock.advance(Duration.ofHours(25));
            }
        }

        assertThat(checked).isEqualTo(50);
        clock.advance(Duration.ofDays(365));
        assertThat(service.verify("alice", codeNow(secret, 0), null).block())
                .isEqualTo(new VerificationResult.LockedOut(Optional.empty(), LockScope.USER));
        assertThat(service.unlock("alice").block()).isTrue();
        assertThat(service.lockoutState("alice").block()).isEqualTo(LockoutState.CLEAR);
        assertThat(service.verify("alice", codeNow(secret, 0), null).block())
                .isInstanceOf(VerificationResult.Accepted.class);
    }

    @Test
    void verifyWhenClientExceedsLimitThenClientLockedForEveryUserUntilWindowEnds() {
        LockoutPolicy policy = new LockoutPolicy(10, List.of(Duration.ofMinutes(5)), 50, 3, Duration.ofMinutes(15));
        TwoFactorService service = service(policy);
        TotpSecret alice = enrolled(service, "alice");
        TotpSecret bob = enrolled(service, "bob");

        for (int i = 0; i < 3; i++) {
            assertThat(service.verify(i % 2 == 0 ? "alice" : "bob", "000000", "203.0.113.9")
                            .block())
                    .isInstanceOf(VerificationResult.InvalidCode.class);
        }
        Instant windowEnd = START.plus(Duration.ofMinutes(15));
        assertThat(service.verify("bob", codeNow(bob, 0), "203.0.113.9").block())
                .isEqualTo(new VerificationResult.LockedOut(Optional.of(windowEnd), LockScope.CLIENT));
        assertThat(service.verify("alice", codeNow(alice, 0), "198.51.100.7").block())
                .isInstanceOf(VerificationResult.Accepted.class);

        clock.advance(Duration.ofMinutes(15));
        assertThat(service.verify("bob", codeNow(bob, 0), "203.0.113.9").block())
                .isInstanceOf(VerificationResult.Accepted.class);
    }

    @Test
    void verifyWhenSuccessesFromOneClientThenTheyDoNotExhaustItsLimit() {
        LockoutPolicy policy = new LockoutPolicy(5, List.of(Duration.ofMinutes(5)), 50, 2, Duration.ofMinutes(15));
        TwoFactorService service = service(policy);
        TotpSecret alice = enrolled(service, "alice");

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(30));
            assertThat(service.verify("alice", codeNow(alice, 0), "203.0.113.9").block())
                    .isInstanceOf(VerificationResult.Accepted.class);
        }
    }

    @Test
    void unlockClientWhenClientLockedThenAllowedAgain() {
        LockoutPolicy policy = new LockoutPolicy(10, List.of(Duration.ofMinutes(5)), 50, 1, Duration.ofMinutes(15));
        TwoFactorService service = service(policy);
        TotpSecret alice = enrolled(service, "alice");
        service.verify("alice", "000000", "203.0.113.9").block();
        assertThat(service.verify("alice", codeNow(alice, 0), "203.0.113.9").block())
                .isInstanceOf(VerificationResult.LockedOut.class);

        assertThat(service.unlockClient("203.0.113.9").block()).isTrue();
        assertThat(service.verify("alice", codeNow(alice, 0), "203.0.113.9").block())
                .isInstanceOf(VerificationResult.Accepted.class);
    }

    @Test
    void verifyRecoveryCodeWhenTypedLooselyThenAcceptedOnceAndCounted() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        TotpSecret secret = service.enroll("alice").secret();
        List<String> codes = ((EnrollmentResult.Enrolled) service.confirmEnrollment("alice", secret, codeNow(secret, 0))
                        .block())
                .recoveryCodes();
        String typed = " " + codes.get(3).toUpperCase().replace("-", " ") + " ";

        assertThat(service.verifyRecoveryCode("alice", typed, "10.0.0.1").block())
                .isEqualTo(new VerificationResult.RecoveryCodeAccepted(9));
        assertThat(service.verifyRecoveryCode("alice", codes.get(3), "10.0.0.1").block())
                .isEqualTo(new VerificationResult.InvalidCode(4));
        assertThat(service.remainingRecoveryCodes("alice").block()).isEqualTo(9);
    }

    @Test
    void verifyRecoveryCodeWhenTwentyConcurrentSubmissionsThenExactlyOneAccepted() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        TotpSecret secret = service.enroll("alice").secret();
        String code = ((EnrollmentResult.Enrolled) service.confirmEnrollment("alice", secret, codeNow(secret, 0))
                        .block())
                .recoveryCodes()
                .get(0);

        List<VerificationResult> results = Flux.range(0, 20)
                .flatMap(i -> service.verifyRecoveryCode("alice", code, null).subscribeOn(Schedulers.parallel()), 20)
                .collectList()
                .block();

        assertThat(results)
                .filteredOn(r -> r instanceof VerificationResult.RecoveryCodeAccepted)
                .hasSize(1);
    }

    @Test
    void regenerateRecoveryCodesWhenCalledThenOldSetInvalid() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        TotpSecret secret = service.enroll("alice").secret();
        List<String> old = ((EnrollmentResult.Enrolled) service.confirmEnrollment("alice", secret, codeNow(secret, 0))
                        .block())
                .recoveryCodes();

        List<String> fresh = service.regenerateRecoveryCodes("alice").block();

        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(old);
        assertThat(service.verifyRecoveryCode("alice", old.get(0), null).block())
                .isInstanceOf(VerificationResult.InvalidCode.class);
        assertThat(service.verifyRecoveryCode("alice", fresh.get(0), null).block())
                .isEqualTo(new VerificationResult.RecoveryCodeAccepted(9));
        StepVerifier.create(service.regenerateRecoveryCodes("bob")).verifyComplete();
    }

    @Test
    void verifyRecoveryCodeWhenFailuresThenSameLockoutAsTotp() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        TotpSecret secret = enrolled(service, "alice");
        for (int i = 0; i < 4; i++) {
            assertThat(service.verifyRecoveryCode("alice", i % 2 == 0 ? "zzzz-zzzz" : "not a code", null)
                            .block())
                    .isInstanceOf(VerificationResult.InvalidCode.class);
        }
        service.verify("alice", "000000x", null).block();

        assertThat(service.verify("alice", codeNow(secret, 0), null).block())
                .isInstanceOf(VerificationResult.LockedOut.class);
        assertThat(service.lockoutState("alice").block().consecutiveFailures()).isEqualTo(5);
    }

    @Test
    void disableWhenEnrolledThenEveryUserKeyRemoved() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        enrolled(service, "alice");
        service.verify("alice", "000000", null).block();

        assertThat(service.disable("alice").block()).isTrue();

        assertThat(service.isEnrolled("alice").block()).isFalse();
        assertThat(redis.template().keys("*").collectList().block()).isEmpty();
        assertThat(service.disable("alice").block()).isFalse();
    }

    @Test
    void unlockWhenLockedThenStateClearedAndCodeAccepted() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        TotpSecret secret = enrolled(service, "alice");
        for (int i = 0; i < 5; i++) {
            service.verify("alice", "000000", null).block();
        }
        assertThat(service.lockoutState("alice").block().locked()).isTrue();

        service.unlock("alice").block();

        assertThat(service.lockoutState("alice").block()).isEqualTo(LockoutState.CLEAR);
        assertThat(service.verify("alice", codeNow(secret, 0), null).block())
                .isInstanceOf(VerificationResult.Accepted.class);
    }

    @Test
    void usersWhenNamesContainLayoutCharactersThenKeysDoNotCollide() {
        TwoFactorService service = service(LockoutPolicy.DEFAULTS);
        enrolled(service, "a}:secret");
        assertThat(service.isEnrolled("a").block()).isFalse();
        assertThat(service.isEnrolled("a}:secret").block()).isTrue();
        // NFC: the composed and decomposed spellings of one name are one user.
        enrolled(service, "jos\u00e9");
        assertThat(service.isEnrolled("jose\u0301").block()).isTrue();
    }
}
