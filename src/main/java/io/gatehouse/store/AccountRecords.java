package io.gatehouse.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/** The small per-user facts beside the secret: last verification, the "must enroll" flag, recent notices. */
final class AccountRecords {

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;
    private final Clock clock;

    AccountRecords(ReactiveStringRedisTemplate redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    Mono<Void> verifiedNow(String user) {
        return RedisErrors.guard(redis.opsForValue()
                        .set(keys.lastVerified(user), clock.instant().toString()))
                .then();
    }

    Mono<Instant> lastVerified(String user) {
        return RedisErrors.guard(redis.opsForValue().get(keys.lastVerified(user)))
                .map(Instant::parse);
    }

    /** Sets the flag and revokes every remembered browser at once: the next login must meet the reset. */
    Mono<Boolean> requireEnrollment(String user) {
        return RedisErrors.guard(redis.opsForValue()
                .set(keys.mustEnroll(user), clock.instant().toString())
                .flatMap(set -> redis.delete(keys.deviceTokens(user)).thenReturn(set)));
    }

    Mono<Boolean> mustEnroll(String user) {
        return RedisErrors.guard(redis.hasKey(keys.mustEnroll(user)));
    }

    /** True the first time within {@code quiet} for this user and kind, so a burst of events sends one email. */
    Mono<Boolean> firstNotice(String user, String kind, Duration quiet) {
        return RedisErrors.guard(redis.opsForValue().setIfAbsent(keys.noticeSent(user, kind), "1", quiet));
    }
}
