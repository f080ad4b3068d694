package io.gatehouse.store;

import io.gatehouse.totp.Base32;
import io.gatehouse.totp.TotpAlgorithm;
import io.gatehouse.totp.TotpParameters;
import io.gatehouse.totp.TotpSecret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Stores each user's TOTP secret sealed with AES-256-GCM, its parameters beside it in clear (they are bound
 * to the ciphertext as associated data, so altering them makes the secret unreadable), and re-seals every
 * secret under the current key on rotation.
 */
final class SecretRepository {

    private static final String ALGORITHM = "algorithm";
    private static final String DIGITS = "digits";
    private static final String PERIOD = "period";
    private static final String SECRET = "secret";

    // Saves the secret, marks the confirming step used and installs the first recovery codes in one step;
    // refuses to overwrite an existing secret; a new secret revokes every remembered browser. Reply: {1} saved,
    // {0} already enrolled.
    private static final RedisScript<List<Long>> ENROLL = Scripts.longs("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return {0} end
            redis.call('HSET', KEYS[1], 'algorithm', ARGV[3], 'digits', ARGV[4], 'period', ARGV[5],
                'secret', ARGV[6], 'enrolled-at', ARGV[7])
            redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
            redis.call('DEL', KEYS[3], KEYS[4], KEYS[5])
            if #ARGV > 7 then redis.call('SADD', KEYS[3], unpack(ARGV, 8)) end
            return {1}
            """);

    // Rotation writes only if the secret is still the one it read, so a concurrent disable or re-enroll wins.
    private static final RedisScript<List<Long>> RESEAL = Scripts.longs("""
            if redis.call('HGET', KEYS[1], 'secret') == ARGV[1] then
              redis.call('HSET', KEYS[1], 'secret', ARGV[2])
              return {1}
            end
            return {0}
            """);

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;
    private final SecretCipher cipher;
    private final SecretKeyring keyring;
    private final Clock clock;

    SecretRepository(
            ReactiveStringRedisTemplate redis,
            RedisKeys keys,
            SecretCipher cipher,
            SecretKeyring keyring,
            Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.cipher = cipher;
        this.keyring = keyring;
        this.clock = clock;
    }

    /** The user's secret, or empty when not enrolled; {@link SecretUnreadableException} when it does not decrypt. */
    Mono<TotpSecret> find(String user) {
        return RedisErrors.guard(redis.<String, String>opsForHash()
                        .entries(keys.secret(user))
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue))
                .filter(fields -> fields.containsKey(SECRET))
                .map(fields -> open(user, fields));
    }

    /** When the user's current secret was saved; empty when not enrolled. */
    Mono<java.time.Instant> enrolledAt(String user) {
        return RedisErrors.guard(redis.<String, String>opsForHash().get(keys.secret(user), "enrolled-at"))
                .map(java.time.Instant::parse);
    }

    Mono<Boolean> exists(String user) {
        return RedisErrors.guard(redis.hasKey(keys.secret(user)));
    }

    /** Saves an enrollment atomically; false when the user already has a secret. */
    Mono<Boolean> enroll(String user, TotpSecret secret, long step, Duration stepTtl, List<String> recoveryDigests) {
        TotpParameters p = secret.parameters();
        List<String> args = new ArrayList<>(List.of(
                Long.toString(step),
                Long.toString(stepTtl.toMillis()),
                p.algorithm().name(),
                Integer.toString(p.digits()),
                Long.toString(p.periodSeconds()),
                seal(user, secret),
                clock.instant().toString()));
        args.addAll(recoveryDigests);
        return RedisErrors.guard(Scripts.collect(redis.execute(
                        ENROLL,
                        List.of(
                                keys.secret(user),
                                keys.lastStep(user),
                                keys.recoveryCodes(user),
                                keys.lockout(user),
                                keys.deviceTokens(user)),
                        args))
                .map(reply -> reply.get(0) == 1));
    }

    /** Deletes the secret and everything tied to it (remembered browsers too); true when there was a secret. */
    Mono<Boolean> delete(String user) {
        // One DEL over keys of one hash slot: atomic, and valid on Redis Cluster.
        return RedisErrors.guard(exists(user)
                .flatMap(existed -> redis.delete(
                                keys.secret(user),
                                keys.lastStep(user),
                                keys.recoveryCodes(user),
                                keys.lockout(user),
                                keys.lastVerified(user),
                                keys.mustEnroll(user),
                                keys.deviceTokens(user))
                        .thenReturn(existed)));
    }

    /** Re-seals every secret not under the current key; the number re-sealed. */
    Mono<Long> rotate() {
        ScanOptions options = ScanOptions.scanOptions()
                .match(keys.secretScanPattern())
                .count(200)
                .build();
        return RedisErrors.guard(redis.scan(options)
                .concatMap(key -> redis.<String, String>opsForHash()
                        .get(key, SECRET)
                        .filter(ciphertext -> !SecretCipher.keyIdOf(ciphertext).equals(keyring.currentId()))
                        .flatMap(ciphertext -> reseal(key, ciphertext)))
                .filter(Boolean::booleanValue)
                .count());
    }

    private Mono<Boolean> reseal(String key, String sealed) {
        String user = keys.userOfSecretKey(key)
                .orElseThrow(() -> new SecretUnreadableException("cannot tell whose secret " + key + " is", null));
        return redis.<String, String>opsForHash()
                .entries(key)
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .flatMap(fields -> {
                    TotpSecret secret = open(user, fields);
                    return Scripts.collect(redis.execute(RESEAL, List.of(key), List.of(sealed, seal(user, secret))))
                            .map(reply -> reply.get(0) == 1);
                });
    }

    String seal(String user, TotpSecret secret) {
        return cipher.seal(
                Base32.decode(secret.base32()), associatedData("gatehouse/totp-secret/v1", user, secret.parameters()));
    }

    private TotpSecret open(String user, Map<String, String> fields) {
        TotpParameters parameters;
        try {
            parameters = new TotpParameters(
                    TotpAlgorithm.parse(fields.get(ALGORITHM)).orElseThrow(),
                    Integer.parseInt(fields.get(DIGITS)),
                    Duration.ofSeconds(Long.parseLong(fields.get(PERIOD))));
        } catch (RuntimeException e) {
            throw new SecretUnreadableException("stored TOTP parameters are malformed", e);
        }
        byte[] raw = cipher.open(fields.get(SECRET), associatedData("gatehouse/totp-secret/v1", user, parameters));
        return new TotpSecret(Base32.encode(raw), parameters);
    }

    /** Binds a ciphertext to its purpose, its user and its parameters: copied or altered, it fails to decrypt. */
    static byte[] associatedData(String purpose, String user, TotpParameters parameters) {
        return String.join(
                        "\0",
                        purpose,
                        RedisKeys.canonicalUser(user),
                        parameters.algorithm().name(),
                        Integer.toString(parameters.digits()),
                        Long.toString(parameters.periodSeconds()))
                .getBytes(StandardCharsets.UTF_8);
    }
}
