package io.gatehouse.web;

import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.store.KeyringLoader;
import io.gatehouse.store.RedisKeys;
import io.gatehouse.store.SecretKeyring;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.upstream.CookieFingerprints;
import io.gatehouse.upstream.CookieRelease;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Stand-in wiring of the services the pages call, until the main branch provides them: the keyring from
 * {@code GATEHOUSE_SECRET_KEY} (environment or property), the two-factor service and cookie release.
 * Remove this class when the lead's beans of the same types are merged.
 */
@Configuration(proxyBeanMethods = false)
class PagesBeansConfiguration {

    @Bean
    SecretKeyring secretKeyring(Environment environment) {
        Map<String, String> variables = new HashMap<>();
        copy(environment, KeyringLoader.CURRENT_KEY_VARIABLE, variables);
        copy(environment, KeyringLoader.OLD_KEYS_VARIABLE, variables);
        return KeyringLoader.fromEnvironment(variables);
    }

    @Bean
    TwoFactorService twoFactorService(ReactiveStringRedisTemplate redis, GatehouseProperties properties,
            SecretKeyring keyring, Clock clock, SecureRandom random) {
        return new TwoFactorService(redis, new RedisKeys(properties.redis().keyPrefix()), keyring,
                properties.totp().toParameters(), properties.totp().skew(), properties.totp().issuer(),
                properties.lockout().toPolicy(), clock, random);
    }

    @Bean
    CookieRelease cookieRelease(SecretKeyring keyring, Clock clock) {
        return new CookieRelease(new CookieFingerprints(keyring.deriveKey("gatehouse/cookie-fingerprint/v1")), clock);
    }

    private static void copy(Environment environment, String name, Map<String, String> into) {
        String value = environment.getProperty(name);
        if (value != null) {
            into.put(name, value);
        }
    }
}
