package io.gatehouse.config;

import io.gatehouse.firewall.FirewallWebFilter;
import io.gatehouse.firewall.HostWebFilter;
import io.gatehouse.firewall.ServedHosts;
import io.gatehouse.proxy.PublicServerPort;
import io.gatehouse.upstream.ForwardAuthWebFilter;
import org.springframework.cloud.gateway.filter.headers.TrustedProxies;
import io.gatehouse.policy.PolicyResolver;
import io.gatehouse.store.DemoKeyFile;
import io.gatehouse.store.KeyringLoader;
import io.gatehouse.store.RedisKeys;
import io.gatehouse.store.ReplicaAcknowledgement;
import io.gatehouse.store.SecretKeyring;
import io.gatehouse.store.StoreHealth;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.upstream.CookieFingerprints;
import io.gatehouse.store.SealedValues;
import io.gatehouse.upstream.CookieRelease;
import io.gatehouse.upstream.HeldCookies;
import io.gatehouse.upstream.OpenWebSockets;
import io.gatehouse.upstream.SessionCookies;
import io.gatehouse.upstream.SessionLifetime;
import java.security.SecureRandom;
import java.time.Clock;
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

/** The second-factor engine, the policy and the firewall, built from the validated settings. */
@Configuration(proxyBeanMethods = false)
class SecondFactorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecondFactorConfiguration.class);

    /**
     * The encryption keys: from {@code GATEHOUSE_SECRET_KEY} (environment or any property source); only the
     * demo profile may fall back to a generated key file.
     */
    @Bean
    SecretKeyring secretKeyring(Environment environment, GatehouseProperties properties, SecureRandom random) {
        String current = environment.getProperty(KeyringLoader.CURRENT_KEY_VARIABLE);
        if ((current == null || current.isBlank()) && environment.acceptsProfiles(Profiles.of("demo"))) {
            DemoKeyFile.DemoKey demo = DemoKeyFile.loadOrCreate(properties.secrets().keyFile(), random);
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
    TwoFactorService twoFactorService(ReactiveStringRedisTemplate redis, RedisKeys keys, SecretKeyring keyring,
            GatehouseProperties properties, Clock clock, SecureRandom random, ReplicaAcknowledgement replicas) {
        TotpProperties totp = properties.totp();
        totp.compatibilityWarning().ifPresent(log::warn);
        return new TwoFactorService(redis, keys, keyring, totp.toParameters(), totp.skew(), totp.issuer(),
                properties.lockout().toPolicy(), clock, random, replicas);
    }

    /** Waits for {@code gatehouse.redis.min-replicas-ack} replicas after an enrollment, over its own connection. */
    @Bean(destroyMethod = "close")
    ReplicaAcknowledgement replicaAcknowledgement(GatehouseProperties properties, LettuceConnectionFactory factory) {
        RedisProperties redis = properties.redis();
        if (redis.minReplicasAck() == 0) {
            return ReplicaAcknowledgement.none();
        }
        return ReplicaAcknowledgement.of(factory.getRequiredNativeClient(), redis.minReplicasAck(),
                redis.replicaAckTimeout());
    }

    @Bean(destroyMethod = "close")
    StoreHealth storeHealth(ReactiveStringRedisTemplate redis, GatehouseProperties properties) {
        return new StoreHealth(redis, java.time.Duration.ofSeconds(1), properties.redis().timeout());
    }

    @Bean
    SessionCookies sessionCookies(GatehouseProperties properties) {
        return new SessionCookies(properties.upstream().sessionCookies());
    }

    @Bean
    CookieFingerprints cookieFingerprints(SecretKeyring keyring) {
        return new CookieFingerprints(keyring.deriveKey("gatehouse/upstream-cookie-fingerprint/v1"));
    }

    @Bean
    HeldCookies heldCookies(SecretKeyring keyring, SecureRandom random) {
        return new HeldCookies(new SealedValues(keyring, random));
    }

    @Bean
    CookieRelease cookieRelease(CookieFingerprints fingerprints, HeldCookies heldCookies, Clock clock,
            SessionLifetime lifetime, OpenWebSockets sockets) {
        return new CookieRelease(fingerprints, heldCookies, clock, lifetime, sockets);
    }

    /** {@code gatehouse.session.*}: the idle and absolute limits of a verified session. */
    @Bean
    SessionLifetime sessionLifetime(GatehouseProperties properties, Clock clock) {
        return new SessionLifetime(properties.session(), clock);
    }

    @Bean
    PolicyResolver policyResolver(GatehouseProperties properties) {
        return PolicyResolver.compile(properties.policy(), properties.groupsProperties());
    }

    @Bean
    FirewallWebFilter firewallWebFilter(GatehouseProperties properties) {
        return new FirewallWebFilter(properties.firewall());
    }

    /** Trusts the same proxies as Spring Cloud Gateway's forwarded-header filters for {@code X-Forwarded-Host}. */
    @Bean
    HostWebFilter hostWebFilter(GatehouseProperties properties,
            PublicServerPort publicPort, Environment environment) {
        String pattern = environment.getProperty(TrustedProxies.PROPERTY);
        return new HostWebFilter(
                new ServedHosts(properties.server().hosts()),
                pattern == null || pattern.isBlank() ? null
                        : TrustedProxies.from(pattern),
                publicPort, properties.forwardAuth().enabled() ? ForwardAuthWebFilter.VERIFY : null);
    }
}
