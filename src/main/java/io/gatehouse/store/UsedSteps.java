package io.gatehouse.store;

import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/** Accepts each time step at most once per user, and only steps newer than the last accepted one. */
final class UsedSteps {

    // Check-and-set of the last step and, on acceptance, the reset of the user's failures, in one script
    // (both keys share the user's hash tag). Reply: {1} accepted, {0} replayed.
    private static final RedisScript<List<Long>> ACCEPT = Scripts.longs("""
            local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
            if tonumber(ARGV[1]) <= last then return {0} end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            redis.call('DEL', KEYS[2])
            return {1}
            """);

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;

    UsedSteps(ReactiveStringRedisTemplate redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** True exactly once for a step newer than every step accepted before; {@code ttl} outlives the window. */
    Mono<Boolean> accept(String user, long step, Duration ttl) {
        return RedisErrors.guard(Scripts.collect(redis.execute(
                        ACCEPT,
                        List.of(keys.lastStep(user), keys.lockout(user)),
                        List.of(Long.toString(step), Long.toString(ttl.toMillis()))))
                .map(reply -> reply.get(0) == 1));
    }
}
