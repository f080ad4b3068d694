package io.gatehouse.store;

import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/** Keeps the HMAC digests of a user's unused recovery codes; each is consumed exactly once. */
final class RecoveryCodeStore {

    // SREM removes a member at most once across all gateways; a success also resets the user's failures.
    // Reply: {1, remaining} or {0, 0}.
    private static final RedisScript<List<Long>> CONSUME = Scripts.longs("""
            if redis.call('SREM', KEYS[1], unpack(ARGV)) > 0 then
              redis.call('DEL', KEYS[2])
              return {1, redis.call('SCARD', KEYS[1])}
            end
            return {0, 0}
            """);

    // The old set disappears in the same step the new one appears, and only for an enrolled user.
    private static final RedisScript<List<Long>> REPLACE = Scripts.longs("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
            redis.call('DEL', KEYS[2])
            redis.call('SADD', KEYS[2], unpack(ARGV))
            return {1}
            """);

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;

    RecoveryCodeStore(ReactiveStringRedisTemplate redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** The number of codes left after consuming the one with one of {@code candidates}; empty if none matched. */
    Mono<Long> consume(String user, List<String> candidates) {
        return RedisErrors.guard(Scripts.collect(redis.execute(
                        CONSUME, List.of(keys.recoveryCodes(user), keys.lockout(user)), new ArrayList<>(candidates))))
                .filter(reply -> reply.get(0) == 1)
                .map(reply -> reply.get(1));
    }

    /** Replaces the whole set; false when the user is not enrolled. */
    Mono<Boolean> replace(String user, List<String> digests) {
        return RedisErrors.guard(Scripts.collect(redis.execute(
                        REPLACE, List.of(keys.secret(user), keys.recoveryCodes(user)), new ArrayList<>(digests))))
                .map(reply -> reply.get(0) == 1);
    }

    Mono<Long> remaining(String user) {
        return RedisErrors.guard(redis.opsForSet().size(keys.recoveryCodes(user)));
    }
}
