package io.gatehouse.cookies;

import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.session.OpenWebSockets;
import io.gatehouse.session.SessionLifetime;
import io.gatehouse.store.SealedValues;
import io.gatehouse.store.SecretKeyring;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The upstream's session cookies: which they are, their fingerprints, and how they are held and released. */
@Configuration(proxyBeanMethods = false)
class CookieConfiguration {

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
    CookieRelease cookieRelease(
            CookieFingerprints fingerprints,
            HeldCookies heldCookies,
            Clock clock,
            SessionLifetime lifetime,
            OpenWebSockets sockets) {
        return new CookieRelease(fingerprints, heldCookies, clock, lifetime, sockets);
    }
}
