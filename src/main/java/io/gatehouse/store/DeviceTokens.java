package io.gatehouse.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Remembered-browser tokens: the cookie value is a random id and an HMAC binding it to the user, and the id is
 * valid while it is in the user's sorted set (scored by its expiry). Deleting the set revokes every token at once.
 */
final class DeviceTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    // Adds the id with its expiry, drops expired ids, and keeps the set as long as its longest-lived token.
    private static final RedisScript<List<Long>> REMEMBER = Scripts.longs("""
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
            local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            redis.call('PEXPIREAT', KEYS[1], last[2])
            return {1}
            """);

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;
    private final byte[] hmacKey;
    private final SecureRandom random;
    private final Clock clock;

    DeviceTokens(
            ReactiveStringRedisTemplate redis,
            RedisKeys keys,
            SecretKeyring keyring,
            SecureRandom random,
            Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.hmacKey = keyring.deriveKey("gatehouse/device-token/v1");
        this.random = random;
        this.clock = clock;
    }

    /** A new token for {@code user}, valid for {@code lifetime}: the cookie value. */
    Mono<String> issue(String user, Duration lifetime) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = ENCODER.encodeToString(bytes);
        long now = clock.millis();
        return RedisErrors.guard(Scripts.collect(redis.execute(
                        REMEMBER,
                        List.of(keys.deviceTokens(user)),
                        List.of(Long.toString(now), Long.toString(now + lifetime.toMillis()), id))))
                .thenReturn(id + "." + mac(user, id));
    }

    /** Whether {@code value} is a token issued to {@code user}, not expired and not revoked. */
    Mono<Boolean> isValid(String user, String value) {
        Optional<String> id = idOf(user, value);
        if (id.isEmpty()) {
            return Mono.just(false);
        }
        return RedisErrors.guard(redis.opsForZSet().score(keys.deviceTokens(user), id.get()))
                .map(expiry -> expiry > clock.millis())
                .defaultIfEmpty(false);
    }

    /** The id of a well-formed token whose HMAC is right for {@code user}; a tampered or foreign one has none. */
    private Optional<String> idOf(String user, String value) {
        int dot = value == null ? -1 : value.indexOf('.');
        if (dot <= 0 || value.length() > 200) {
            return Optional.empty();
        }
        String id = value.substring(0, dot);
        byte[] expected = mac(user, id).getBytes(StandardCharsets.US_ASCII);
        byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Optional.of(id) : Optional.empty();
    }

    private String mac(String user, String id) {
        return ENCODER.encodeToString(Hmacs.ofUser(hmacKey, RedisKeys.canonicalUser(user), id));
    }
}
