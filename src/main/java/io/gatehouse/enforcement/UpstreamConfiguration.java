package io.gatehouse.enforcement;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.cookies.CookieFingerprints;
import io.gatehouse.cookies.CookieRelease;
import io.gatehouse.cookies.HeldCookies;
import io.gatehouse.cookies.SessionCookies;
import io.gatehouse.login.IdentityProbe;
import io.gatehouse.metrics.GatehouseMetrics;
import io.gatehouse.policy.PolicyResolver;
import io.gatehouse.proxy.PublicServerPort;
import io.gatehouse.session.RandomSessionIdGenerator;
import io.gatehouse.session.SessionCookieResolver;
import io.gatehouse.session.VerifiedSessionCache;
import io.gatehouse.store.StoreHealth;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.web.GatehouseAssets;
import io.gatehouse.web.MessageBundles;
import io.gatehouse.web.PageRenderer;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.SessionIdGenerator;
import org.springframework.web.server.session.WebSessionIdResolver;

/** The login observer, the enforcement filter, the forward-auth verify endpoint and Gatehouse's own session cookie. */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

    @Bean
    EnforcementWebFilter enforcementWebFilter(
            GatehouseProperties properties,
            PolicyResolver policy,
            SessionCookies sessionCookies,
            CookieFingerprints fingerprints,
            StoreHealth health,
            VerifiedSessionCache cache,
            MessageBundles messages,
            GatehouseAssets assets,
            PageRenderer pages,
            Clock clock,
            SecurityEvents events,
            GatehouseMetrics metrics,
            PublicServerPort publicPort) {
        return new EnforcementWebFilter(
                properties,
                policy,
                sessionCookies,
                fingerprints,
                health,
                cache,
                messages,
                assets,
                pages,
                clock,
                events,
                metrics,
                publicPort);
    }

    /** {@code /_gatehouse/verify} for front proxies; answers 404 unless {@code gatehouse.forward-auth.enabled}. */
    @Bean
    ForwardAuthWebFilter forwardAuthWebFilter(
            GatehouseProperties properties,
            io.gatehouse.firewall.FirewallWebFilter firewall,
            EnforcementWebFilter enforcement,
            PublicServerPort publicPort) {
        return new ForwardAuthWebFilter(properties, firewall, enforcement, publicPort);
    }

    /** One second: the longest a logout or revoke seen by another gateway may take to apply here. */
    @Bean
    VerifiedSessionCache verifiedSessionCache() {
        return new VerifiedSessionCache(java.time.Duration.ofSeconds(1), System::nanoTime);
    }

    @Bean
    HtmlInjectionFilter htmlInjectionFilter() {
        return new HtmlInjectionFilter();
    }

    @Bean
    UpstreamResponseFilter upstreamResponseFilter(
            GatehouseProperties properties,
            SessionCookies sessionCookies,
            CookieFingerprints fingerprints,
            CookieRelease release,
            TwoFactorService twoFactor,
            PolicyResolver policy,
            VerifiedSessionCache cache,
            SecurityEvents events,
            HeldCookies heldCookies,
            PageRenderer pages,
            IdentityProbe probe) {
        return new UpstreamResponseFilter(
                properties,
                sessionCookies,
                fingerprints,
                release,
                twoFactor,
                policy,
                cache,
                events,
                heldCookies,
                pages,
                probe);
    }

    /**
     * Always defined, so that callers need no optional injection: without {@code gatehouse.upstream.identity} it is
     * {@link IdentityProbe#none()}, which is not {@link IdentityProbe#configured()} and whose every probe fails.
     */
    @Bean
    IdentityProbe identityProbe(GatehouseProperties properties, GatehouseMetrics metrics) {
        return IdentityProbe.of(properties.upstream(), metrics);
    }

    /** HttpOnly, SameSite=Lax, path /; {@code __Host-} and Secure when served over TLS; never sent to the upstream. */
    @Bean
    WebSessionIdResolver webSessionIdResolver() {
        return new SessionCookieResolver();
    }

    /** Session ids of 256 bits from the CSPRNG instead of Spring Session's UUIDs. */
    @Bean
    SessionIdGenerator gatehouseSessionIdGenerator(SecureRandom random) {
        return new RandomSessionIdGenerator(random);
    }
}
