package io.gatehouse.store;

import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.RedisProperties;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The second-factor engine and what it keeps in Redis: keys, secrets, health, replica acknowledgement. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

    /**
     * The encryption keys: from {@code GATEHOUSE_SECRET_KEY} (environment or any property source); only the
     * demo profile may fall back to a generated key file.
     */
    @Bean
    SecretKeyring secretKeyring(Environment environment, GatehouseProperties properties, SecureRandom random) {
        String current = environment.getProperty(KeyringLoader.CURRENT_KEY_VARIABLE);
        if ((current == null || current.isBlank()) && environment.acceptsProfiles(Profiles.of("demo"))) {
            DemoKeyFile.DemoKey demo =
                    DemoKeyFile.loadOrCreate(properties.secrets().keyFile(), random);
            log.warn(demo.warning());
            return demo.keyring();
        }
        Map<String, String> variables = new HashMap<>();
        variables.put(KeyringLoader.CURRENT_KEY_VARIABLE, current);
        variables.put(KeyringLoader.OLD_KEYS_VARIABLE, environment.getProperty(KeyringLoader.OLD_KEYS_VARIABLE));
        return KeyringLoader.fromEnvironment(variables);
    }

    @Bean
    RedisKeys redisKeys(GatehouseProperties properties) {
        return new RedisKeys(properties.redis().keyPrefix());
    }

    @Bean
    TwoFactorService twoFactorService(
            ReactiveStringRedisTemplate redis,
            RedisKeys keys,
            SecretKeyring keyring,
            GatehouseProperties properties,
            Clock clock,
            SecureRandom random,
            ReplicaAcknowledgement replicas) {
        properties.totp().compatibilityWarning().ifPresent(log::warn);
        return TwoFactorService.of(properties, redis, keys, keyring, clock, random, replicas);
    }

    /** Waits for {@code gatehouse.redis.min-replicas-ack} replicas after an enrollment, over its own connection. */
    @Bean(destroyMethod = "close")
    ReplicaAcknowledgement replicaAcknowledgement(GatehouseProperties properties, LettuceConnectionFactory factory) {
        RedisProperties redis = properties.redis();
        if (redis.minReplicasAck() == 0) {
            return ReplicaAcknowledgement.none();
        }
        return ReplicaAcknowledgement.of(
                factory.getRequiredNativeClient(), redis.minReplicasAck(), redis.replicaAckTimeout());
    }

    @Bean(destroyMethod = "close")
    StoreHealth storeHealth(ReactiveStringRedisTemplate redis, GatehouseProperties properties) {
        return new StoreHealth(redis, Duration.ofSeconds(1), properties.redis().timeout());
    }
}
