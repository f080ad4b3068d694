package io.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.totp.TotpParameters;
import io.gatehouse.totp.TotpSecret;
import io.gatehouse.totp.TotpVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class StoreUnavailableIntegrationTests {

    private static TwoFactorService service(ReactiveStringRedisTemplate template) {
        return TwoFactorService.create(
                template,
                new RedisKeys("gatehouse:"),
                KeyringLoader.parse(TwoFactorServiceIntegrationTests.KEY_A, null),
                TotpParameters.DEFAULTS,
                1,
                "Gatehouse",
                LockoutPolicy.DEFAULTS,
                Clock.systemUTC(),
                new SecureRandom());
    }

    private static void assertUnavailable(Mono<?> call) {
        StepVerifier.create(call).expectError(StoreUnavailableException.class).verify(Duration.ofSeconds(10));
    }

    @Test
    void everyCallWhenNothingListensThenStoreUnavailableNotInvalidCode() throws Exception {
        LettuceConnectionFactory factory = EmbeddedRedis.unreachable();
        try {
            everyCallFails(service(new ReactiveStringRedisTemplate(factory)));
        } finally {
            factory.destroy();
        }
    }

    private static void everyCallFails(TwoFactorService service) {
        TotpSecret pending = service.enroll("alice").secret();
        TotpVerifier generator = new TotpVerifier(Clock.systemUTC(), 0);
        String code = generator.codeAt(pending, generator.currentStep(pending.parameters()));

        assertUnavailable(service.verify("alice", "123456", "10.0.0.1"));
        assertUnavailable(service.verifyRecoveryCode("alice", "abcd-efgh", "10.0.0.1"));
        assertUnavailable(service.confirmEnrollment("alice", pending, code));
        assertUnavailable(service.isEnrolled("alice"));
        assertUnavailable(service.disable("alice"));
        assertUnavailable(service.lockoutState("alice"));
        assertUnavailable(service.unlock("alice"));
        assertUnavailable(service.regenerateRecoveryCodes("alice"));
        assertUnavailable(service.rotateSecrets());
    }

    @Test
    void verifyWhenRedisStopsAfterEnrollmentThenStoreUnavailable() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.start();
        try {
            TwoFactorService service = service(redis.template());
            TotpSecret pending = service.enroll("alice").secret();
            TotpVerifier generator = new TotpVerifier(Clock.systemUTC(), 0);
            assertThat(service.confirmEnrollment(
                                    "alice",
                                    pending,
                                    generator.codeAt(pending, generator.currentStep(pending.parameters())))
                            .block())
                    .isInstanceOf(EnrollmentResult.Enrolled.class);

            redis.stopServerOnly();

            assertUnavailable(service.verify("alice", "123456", "10.0.0.1"));
        } finally {
            redis.stop();
        }
    }
}
