package io.gatehouse.store;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The one-time codes emailed before an enrollment: 8 digits, kept only as an HMAC (bound to the user) for
 * {@link #LIFETIME}, used at most once, and a new one sent at most once per {@link #RESEND_INTERVAL}.
 */
final class EmailCodes {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final Duration RESEND_INTERVAL = Duration.ofMinutes(1);
    static final int DIGITS = 8;

    // Replaces any earlier code (only the newest works), unless one was sent within the resend interval.
    // Reply: {1} issued, {0, ms until another may be sent}.
    private static final RedisScript<List<Long>> ISSUE = Scripts.longs("""
            local wait = redis.call('PTTL', KEYS[2])
            if wait > 0 then return {0, wait} end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
            return {1, 0}
            """);

    // Single use: a match deletes the code and, like a right TOTP code, the user's failure counters.
    // Reply: {1} right, {0} wrong, {-1} no code (never sent, expired or used).
    private static final RedisScript<List<Long>> CHECK = Scripts.longs("""
            local digest = redis.call('GET', KEYS[1])
            if not digest then return {-1} end
            if digest ~= ARGV[1] then return {0} end
            redis.call('DEL', KEYS[1], KEYS[2])
            return {1}
            """);

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;
    private final byte[] hmacKey;
    private final SecureRandom random;

    EmailCodes(ReactiveStringRedisTemplate redis, RedisKeys keys, SecretKeyring keyring, SecureRandom random) {
        this.redis = redis;
        this.keys = keys;
        this.hmacKey = keyring.deriveKey("gatehouse/email-code/v1");
        this.random = random;
    }

    /** A new code for {@code user}, or empty while the last one was sent less than the resend interval ago. */
    Mono<Optional<String>> issue(String user) {
        String code = String.format("%0" + DIGITS + "d", random.nextInt(100_000_000));
        return RedisErrors.guard(Scripts.collect(redis.execute(
                        ISSUE,
                        List.of(keys.emailCode(user), keys.emailCodeSent(user)),
                        List.of(
                                digest(user, code),
                                Long.toString(LIFETIME.toMillis()),
                                Long.toString(RESEND_INTERVAL.toMillis())))))
                .map(reply -> reply.get(0) == 1 ? Optional.of(code) : Optional.empty());
    }

    /** 1 right (and now used up), 0 wrong, -1 no code to compare with. */
    Mono<Long> check(String user, String code) {
        return RedisErrors.guard(Scripts.collect(redis.execute(
                        CHECK, List.of(keys.emailCode(user), keys.lockout(user)), List.of(digest(user, code)))))
                .map(reply -> reply.get(0));
    }

    /** Digits only: spaces and dashes typed by the user do not matter. */
    static Optional<String> normalise(String typed) {
        String digits = typed == null ? "" : typed.replaceAll("[\\s-]", "");
        return digits.matches("[0-9]{" + DIGITS + "}") ? Optional.of(digits) : Optional.empty();
    }

    private String digest(String user, String code) {
        return HexFormat.of().formatHex(Hmacs.ofUser(hmacKey, RedisKeys.canonicalUser(user), code));
    }
}
