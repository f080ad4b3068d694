package io.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.EmbeddedRedis.MutableClock;
import io.gatehouse.totp.Base32;
import io.gatehouse.totp.TotpParameters;
import io.gatehouse.totp.TotpSecret;
import io.gatehouse.totp.TotpVerifier;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import reactor.test.StepVerifier;

class SecretEncryptionIntegrationTests {

    private static final String KEY_A = TwoFactorServiceIntegrationTests.KEY_A;
    private static final String KEY_B = "b2:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    private static EmbeddedRedis redis;

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));
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

    private TwoFactorService service(String current, String old) {
        return TwoFactorService.create(
                redis.template(),
                keys,
                KeyringLoader.parse(current, old),
                TotpParameters.DEFAULTS,
                1,
                "Gatehouse",
                LockoutPolicy.DEFAULTS,
                clock,
                new SecureRandom());
    }

    private String code(TotpSecret secret, long offset) {
        TotpVerifier generator = new TotpVerifier(clock, 0);
        return generator.codeAt(secret, generator.currentStep(secret.parameters()) + offset);
    }

    private List<String> enroll(TwoFactorService service, String user, TotpSecret secret) {
        return ((EnrollmentResult.Enrolled) service.confirmEnrollment(user, secret, code(secret, -1))
                        .block())
                .recoveryCodes();
    }

    @Test
    void enrollWhenSavedThenNeitherSecretNorRecoveryCodesAppearInClearAnywhereInRedis() {
        TwoFactorService service = service(KEY_A, null);
        TotpSecret secret = service.enroll("alice").secret();
        List<String> recoveryCodes = enroll(service, "alice", secret);
        service.verify("alice", "000000", "10.0.0.1").block();
        byte[] raw = Base32.decode(secret.base32());

        String dump = dumpEverything(redis.template());

        assertThat(dump).contains(keys.secret("alice"), keys.recoveryCodes("alice"), keys.lastStep("alice"));
        List<String> forbidden = new ArrayList<>(List.of(
                secret.base32(),
                secret.base32().toLowerCase(Locale.ROOT),
                new String(raw, StandardCharsets.ISO_8859_1),
                HexFormat.of().formatHex(raw),
                Base64.getEncoder().withoutPadding().encodeToString(raw),
                Base64.getUrlEncoder().withoutPadding().encodeToString(raw)));
        recoveryCodes.forEach(c -> {
            forbidden.add(c);
            forbidden.add(c.replace("-", ""));
        });
        assertThat(forbidden).allSatisfy(clear -> assertThat(dump).doesNotContain(clear));
    }

    @Test
    void verifyWhenCiphertextCopiedToAnotherUserThenUnreadable() {
        TwoFactorService service = service(KEY_A, null);
        TotpSecret secret = service.enroll("alice").secret();
        enroll(service, "alice", secret);
        enroll(service, "mallory", service.enroll("mallory").secret());
        String aliceSealed = (String) redis.template()
                .opsForHash()
                .get(keys.secret("alice"), "secret")
                .block();
        redis.template()
                .opsForHash()
                .put(keys.secret("mallory"), "secret", aliceSealed)
                .block();

        StepVerifier.create(service.verify("mallory", code(secret, 1), null))
                .expectError(SecretUnreadableException.class)
                .verify();
    }

    @Test
    void verifyWhenStoredParametersAlteredThenUnreadable() {
        TwoFactorService service = service(KEY_A, null);
        TotpSecret secret = service.enroll("alice").secret();
        enroll(service, "alice", secret);
        redis.template().opsForHash().put(keys.secret("alice"), "digits", "8").block();

        StepVerifier.create(service.verify("alice", code(secret, 1), null))
                .expectError(SecretUnreadableException.class)
                .verify();
    }

    @Test
    void rotateSecretsWhenNewKeyCurrentThenOldSecretsReadableAndResealedUnderNewKey() {
        TwoFactorService before = service(KEY_A, null);
        TotpSecret alice = before.enroll("alice").secret();
        TotpSecret bob = before.enroll("bob").secret();
        enroll(before, "alice", alice);
        enroll(before, "bob", bob);
        TwoFactorService during = service(KEY_B, KEY_A);

        assertThat(during.verify("alice", code(alice, 0), null).block())
                .isInstanceOf(VerificationResult.Accepted.class);
        assertThat(during.rotateSecrets().block()).isEqualTo(2);
        assertThat(during.rotateSecrets().block()).isZero();

        TwoFactorService after = service(KEY_B, null);
        assertThat(after.verify("bob", code(bob, 0), null).block()).isInstanceOf(VerificationResult.Accepted.class);
        assertThat((String) redis.template()
                        .opsForHash()
                        .get(keys.secret("bob"), "secret")
                        .block())
                .startsWith("b2:");
        StepVerifier.create(service(KEY_A, null).verify("alice", code(alice, 1), null))
                .expectError(SecretUnreadableException.class)
                .verify();
    }

    @Test
    void verifyRecoveryCodeWhenIssuedBeforeRotationThenStillAcceptedWhileOldKeyConfigured() {
        TwoFactorService before = service(KEY_A, null);
        TotpSecret alice = before.enroll("alice").secret();
        List<String> codes = enroll(before, "alice", alice);

        assertThat(service(KEY_B, KEY_A)
                        .verifyRecoveryCode("alice", codes.get(0), null)
                        .block())
                .isEqualTo(new VerificationResult.RecoveryCodeAccepted(9));
        assertThat(service(KEY_B, null)
                        .verifyRecoveryCode("alice", codes.get(1), null)
                        .block())
                .isInstanceOf(VerificationResult.InvalidCode.class);
    }

    /** Every key and every value of every type, as one string. */
    static String dumpEverything(ReactiveStringRedisTemplate template) {
        StringBuilder dump = new StringBuilder();
        for (String key : template.scan(ScanOptions.scanOptions().match("*").build())
                .collectList()
                .block()) {
            dump.append(key).append('\n');
            DataType type = template.type(key).block();
            switch (type) {
                case STRING -> dump.append(template.opsForValue().get(key).block());
                case HASH ->
                    template.<String, String>opsForHash()
                            .entries(key)
                            .toIterable()
                            .forEach(e -> dump.append(e.getKey())
                                    .append('=')
                                    .append(e.getValue())
                                    .append('\n'));
                case SET ->
                    template.opsForSet()
                            .members(key)
                            .toIterable()
                            .forEach(m -> dump.append(m).append('\n'));
                default -> throw new AssertionError("unexpected type " + type + " of " + key);
            }
            dump.append('\n');
        }
        return dump.toString();
    }
}
