package io.gatehouse.cookies;

import io.gatehouse.session.GatehouseSession;
import io.gatehouse.session.OpenWebSockets;
import io.gatehouse.session.SessionLifetime;
import io.gatehouse.session.SessionState;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Gives the browser the upstream cookies held since the password was accepted, binds them to the
 * Gatehouse session by fingerprint and renews the Gatehouse session id.
 */
public final class CookieRelease {

    private final CookieFingerprints fingerprints;
    private final HeldCookies heldCookies;
    private final Clock clock;
    private final SessionLifetime lifetime;
    private final OpenWebSockets sockets;

    public CookieRelease(
            CookieFingerprints fingerprints,
            HeldCookies heldCookies,
            Clock clock,
            SessionLifetime lifetime,
            OpenWebSockets sockets) {
        this.fingerprints = fingerprints;
        this.heldCookies = heldCookies;
        this.clock = clock;
        this.lifetime = lifetime;
        this.sockets = sockets;
    }

    /** After a passed second factor (challenge, recovery code or enrollment). */
    public Mono<Void> releaseVerified(ServerWebExchange exchange, GatehouseSession session) {
        return release(exchange, session, SessionState.VERIFIED, true);
    }

    /**
     * A browser the user asked to be remembered: verified, but with no time of a second factor, so that step-up rules
     * ({@code max-age}) and the admin console's fresh-2FA requirement still ask for a code. Its session lifetime
     * starts with this sign-in; once that ends, the challenge asks for a code too (the token is never a fresh factor).
     */
    public Mono<Void> releaseRemembered(ServerWebExchange exchange, GatehouseSession session) {
        return release(exchange, session, SessionState.VERIFIED, false);
    }

    /** Where the policy lets this user in without a second factor. */
    public Mono<Void> releaseSignedIn(ServerWebExchange exchange, GatehouseSession session) {
        return release(exchange, session, SessionState.SIGNED_IN, false);
    }

    /**
     * Report-only mode: the browser already has {@code cookies} (the upstream's answer went through untouched); they
     * are bound to the session, signed in without a second factor, and nothing is added to the response.
     */
    public Mono<Void> bindAsTheyAre(GatehouseSession session, Map<String, String> cookies) {
        session.release(SessionState.SIGNED_IN, fingerprints.of(cookies), null);
        return session.renewId();
    }

    private Mono<Void> release(
            ServerWebExchange exchange, GatehouseSession session, SessionState state, boolean secondFactorNow) {
        Map<String, String> released = new LinkedHashMap<>();
        HttpHeaders headers = exchange.getResponse().getHeaders();
        List<String> held = session.sealedHeldCookies()
                .map(ciphertext -> heldCookies.open(session.user().orElseThrow(), ciphertext))
                .orElse(List.of());
        for (String setCookie : held) {
            SessionCookies.ParsedSetCookie cookie = SessionCookies.ParsedSetCookie.parse(setCookie);
            if (cookie != null) {
                released.put(cookie.name(), cookie.value());
                headers.add(HttpHeaders.SET_COOKIE, setCookie);
            }
        }
        if (session.state().released() && session.fingerprint().isPresent() && released.isEmpty()) {
            // Already released (a step-up check, or a session past its idle or absolute limit): the browser holds the
            // cookies, only the times change. A fresh second factor is a reauthentication: the lifetime starts again.
            // The session goes on under a new id, and so do its open WebSockets on this gateway.
            session.reverified(clock.instant());
            lifetime.start(session);
            String before = session.webSession().getId();
            return sockets.following(
                    before, session.renewId(), () -> session.webSession().getId());
        }
        session.release(state, fingerprints.of(released), secondFactorNow ? clock.instant() : null);
        if (state == SessionState.VERIFIED) {
            lifetime.start(session);
        }
        return session.renewId();
    }
}
