package io.gatehouse.store;

import io.gatehouse.store.VerificationResult.LockScope;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Counts every second-factor attempt as a failure BEFORE the code is checked (a success undoes it), per user
 * and per client address, so that parallel guesses from many gateways can never exceed the limits. Times
 * come from the Java {@link Clock}, never Redis TIME, so tests move time instead of sleeping.
 */
final class AttemptLimiter {

    /** Whether the attempt may be checked, and what to tell the user if the check then fails. */
    record Admission(
            Optional<VerificationResult.LockedOut> refusal,
            int remainingAttempts,
            Optional<Instant> lockedByThisAttempt,
            boolean untilUnlocked) {}

    // Fields: failures (this round), consecutive (since last success), level (back-offs served),
    // locked-until (epoch ms; -1 means until an administrator unlocks). No TTL: the level must only decay
    // after a success or an unlock. Reply: {allowed, remaining, locked-until set by this attempt}.
    private static final RedisScript<List<Long>> USER_ATTEMPT = Scripts.longs("""
            local now = tonumber(ARGV[1])
            local maxFailures = tonumber(ARGV[2])
            local maxConsecutive = tonumber(ARGV[3])
            local lockedUntil = tonumber(redis.call('HGET', KEYS[1], 'locked-until') or '0')
            if lockedUntil < 0 or now < lockedUntil then
              return {0, 0, lockedUntil}
            end
            local failures = tonumber(redis.call('HGET', KEYS[1], 'failures') or '0') + 1
            local consecutive = tonumber(redis.call('HGET', KEYS[1], 'consecutive') or '0') + 1
            local level = tonumber(redis.call('HGET', KEYS[1], 'level') or '0')
            local newLock = 0
            if consecutive >= maxConsecutive then
              newLock = -1
            elseif failures >= maxFailures then
              local steps = #ARGV - 3
              local index = math.min(level + 1, steps)
              newLock = now + tonumber(ARGV[3 + index])
              level = level + 1
              failures = 0
            end
            redis.call('HSET', KEYS[1], 'failures', failures, 'consecutive', consecutive, 'level', level,
                'locked-until', newLock)
            local remaining = maxFailures - failures
            if newLock ~= 0 then remaining = 0 end
            return {1, remaining, newLock}
            """);

    // Fixed window per client: fields start (epoch ms) and count; the TTL only collects garbage.
    private static final RedisScript<List<Long>> CLIENT_ATTEMPT = Scripts.longs("""
            local now = tonumber(ARGV[1])
            local max = tonumber(ARGV[2])
            local window = tonumber(ARGV[3])
            local start = tonumber(redis.call('HGET', KEYS[1], 'start') or '-1')
            local count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
            if start < 0 or now >= start + window or now < start - window then
              start = now
              count = 0
            end
            if count >= max then
              return {0, start + window}
            end
            redis.call('HSET', KEYS[1], 'start', start, 'count', count + 1)
            redis.call('PEXPIRE', KEYS[1], math.max(1, start + window - now))
            return {1, 0}
            """);

    // A success takes back the failure counted in advance, so legitimate users behind one NAT are not blocked.
    private static final RedisScript<List<Long>> CLIENT_SUCCESS = Scripts.longs("""
            local count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
            if count > 0 then redis.call('HINCRBY', KEYS[1], 'count', -1) end
            return {1}
            """);

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;
    private final LockoutPolicy policy;
    private final Clock clock;

    AttemptLimiter(ReactiveStringRedisTemplate redis, RedisKeys keys, LockoutPolicy policy, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Counts an attempt for {@code user} from {@code clientIp} (null when unknown: only the user limit applies).
     * User and client are separate scripts because their keys live in different Cluster hash slots.
     */
    Mono<Admission> admit(String user, String clientIp) {
        long now = clock.millis();
        Mono<Optional<VerificationResult.LockedOut>> client = clientIp == null
                ? Mono.just(Optional.empty())
                : Scripts.collect(redis.execute(
                                CLIENT_ATTEMPT,
                                List.of(keys.clientFailures(clientIp)),
                                List.of(
                                        Long.toString(now),
                                        Integer.toString(policy.clientMaxFailures()),
                                        Long.toString(policy.clientWindow().toMillis()))))
                        .map(reply -> reply.get(0) == 1
                                ? Optional.empty()
                                : Optional.of(new VerificationResult.LockedOut(
                                        Optional.of(Instant.ofEpochMilli(reply.get(1))), LockScope.CLIENT)));
        return RedisErrors.guard(client.flatMap(refused -> refused.isPresent()
                ? Mono.just(new Admission(refused, 0, Optional.empty(), false))
                : userAttempt(user, now)));
    }

    private Mono<Admission> userAttempt(String user, long now) {
        List<String> args = new ArrayList<>(List.of(
                Long.toString(now),
                Integer.toString(policy.maxFailures()),
                Integer.toString(policy.maxConsecutiveFailures())));
        policy.backoff().forEach(d -> args.add(Long.toString(d.toMillis())));
        return Scripts.collect(redis.execute(USER_ATTEMPT, List.of(keys.lockout(user)), args))
                .map(reply -> {
                    long lock = reply.get(2);
                    if (reply.get(0) == 0) {
                        return new Admission(Optional.of(lockedOut(lock)), 0, Optional.empty(), false);
                    }
                    return new Admission(
                            Optional.empty(),
                            reply.get(1).intValue(),
                            lock > 0 ? Optional.of(Instant.ofEpochMilli(lock)) : Optional.empty(),
                            lock < 0);
                });
    }

    static VerificationResult.LockedOut lockedOut(long lockedUntil) {
        return new VerificationResult.LockedOut(
                lockedUntil < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lockedUntil)), LockScope.USER);
    }

    /** Takes back the client failure counted in advance (the user's counters are reset by the success script). */
    Mono<Void> clientSucceeded(String clientIp) {
        if (clientIp == null) {
            return Mono.empty();
        }
        return RedisErrors.guard(
                Scripts.collect(redis.execute(CLIENT_SUCCESS, List.of(keys.clientFailures(clientIp)), List.of()))
                        .then());
    }

    Mono<LockoutState> state(String user) {
        long now = clock.millis();
        return RedisErrors.guard(redis.<String, String>opsForHash()
                .entries(keys.lockout(user))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(fields -> {
                    if (fields.isEmpty()) {
                        return LockoutState.CLEAR;
                    }
                    long lockedUntil = Long.parseLong(fields.getOrDefault("locked-until", "0"));
                    boolean untilUnlocked = lockedUntil < 0;
                    boolean locked = untilUnlocked || now < lockedUntil;
                    return new LockoutState(
                            locked,
                            locked && !untilUnlocked
                                    ? Optional.of(Instant.ofEpochMilli(lockedUntil))
                                    : Optional.empty(),
                            untilUnlocked,
                            Integer.parseInt(fields.getOrDefault("failures", "0")),
                            Integer.parseInt(fields.getOrDefault("consecutive", "0")),
                            Integer.parseInt(fields.getOrDefault("level", "0")));
                }));
    }

    /** Clears the user's failures, lock and back-off level (admin unlock). */
    Mono<Boolean> unlock(String user) {
        return RedisErrors.guard(redis.delete(keys.lockout(user)).map(count -> count > 0));
    }

    /** Clears a client address's failure window (admin unlock). */
    Mono<Boolean> unlockClient(String clientIp) {
        return RedisErrors.guard(redis.delete(keys.clientFailures(clientIp)).map(count -> count > 0));
    }
}
