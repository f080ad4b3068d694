package io.gatehouse.session;

import io.gatehouse.web.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.session.ReactiveFindByIndexNameSessionRepository;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * A typed view of Gatehouse's own session (a Spring Session {@link WebSession} in Redis). Every attribute
 * name lives here; values are plain strings, numbers and lists so they serialise as JSON.
 */
public final class GatehouseSession {

    private static final String USER = "gh.user";
    private static final String STATE = "gh.state";
    private static final String HELD_COOKIES = "gh.held";
    private static final String FINGERPRINT = "gh.fingerprint";
    private static final String VERIFIED_AT = "gh.verifiedAt";
    private static final String ENROLLED = "gh.enrolled";
    private static final String RETURN_TO = "gh.returnTo";
    private static final String PENDING_SECRET = "gh.pendingSecret";
    private static final String PENDING_SECRET_AT = "gh.pendingSecretAt";
    private static final String CSRF_TOKEN = "gh.csrf";
    private static final String FLASH = "gh.flash";
    private static final String FLASH_ARGUMENTS = "gh.flashArgs";
    private static final String RECOVERY_CODES = "gh.recoveryCodes";
    private static final String RECOVERY_CODES_SHOWN = "gh.recoveryCodesShown";
    private static final String EMAIL_VERIFIED = "gh.emailVerified";
    private static final String EMAIL_CODE_SENT = "gh.emailCodeSent";
    private static final String LIFETIME_START = "gh.lifetimeStart";
    private static final String ACTIVE_AT = "gh.activeAt";

    private final WebSession session;

    private GatehouseSession(WebSession session) {
        this.session = session;
    }

    /** The browser's session; Spring Session loads it from Redis once per request. */
    public static Mono<GatehouseSession> of(ServerWebExchange exchange) {
        return exchange.getSession().map(GatehouseSession::new);
    }

    public static GatehouseSession wrap(WebSession session) {
        return new GatehouseSession(session);
    }

    /** The state and user of a session as the store holds it, read outside any request (for open WebSockets). */
    public static OpenWebSockets.StoredSession stored(org.springframework.session.Session stored) {
        String state = stored.getAttribute(STATE);
        return new OpenWebSockets.StoredSession(
                state == null ? SessionState.ANONYMOUS : SessionState.valueOf(state),
                Optional.ofNullable(stored.getAttribute(USER)));
    }

    public WebSession webSession() {
        return session;
    }

    public SessionState state() {
        String state = session.getAttribute(STATE);
        return state == null ? SessionState.ANONYMOUS : SessionState.valueOf(state);
    }

    public Optional<String> user() {
        return Optional.ofNullable(session.getAttribute(USER));
    }

    /** Records the user behind an observed login; the principal index lets an admin end all their sessions. */
    public void signIn(String user, boolean enrolled, String sealedHeldCookies, String returnTo) {
        session.getAttributes().put(USER, user);
        // The reactive repository indexes this attribute name, not the servlet FindByIndexNameSessionRepository one.
        session.getAttributes().put(ReactiveFindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user);
        session.getAttributes().put(STATE, SessionState.PENDING.name());
        session.getAttributes().put(ENROLLED, enrolled);
        session.getAttributes().put(HELD_COOKIES, sealedHeldCookies);
        session.getAttributes().put(RETURN_TO, returnTo);
        session.getAttributes().remove(FINGERPRINT);
        session.getAttributes().remove(VERIFIED_AT);
        session.getAttributes().remove(LIFETIME_START);
        session.getAttributes().remove(ACTIVE_AT);
        session.getAttributes().remove(EMAIL_VERIFIED);
        session.getAttributes().remove(EMAIL_CODE_SENT);
    }

    /** The upstream's {@code Set-Cookie} headers held back until the second factor passes, sealed (see {@link HeldCookies}). */
    public Optional<String> sealedHeldCookies() {
        return Optional.ofNullable(session.getAttribute(HELD_COOKIES));
    }

    /** Marks the cookies as given to the browser, bound to their fingerprint. */
    public void release(SessionState state, String fingerprint, Instant verifiedAt) {
        session.getAttributes().put(STATE, state.name());
        session.getAttributes().put(FINGERPRINT, fingerprint);
        session.getAttributes().remove(HELD_COOKIES);
        if (verifiedAt != null) {
            session.getAttributes().put(VERIFIED_AT, verifiedAt.getEpochSecond());
        }
    }

    /**
     * A sign-in is about to reach the upstream from this session: whatever was released stops being released before
     * the upstream sees it, so a site that signs someone else into the very session it keeps can never leave that
     * session verified for the earlier user. The answer decides what comes next (a new sign-in, or nothing).
     */
    public void revokeRelease() {
        if (state() == SessionState.ANONYMOUS) {
            return;
        }
        session.getAttributes().put(STATE, SessionState.ANONYMOUS.name());
        session.getAttributes().remove(FINGERPRINT);
        session.getAttributes().remove(VERIFIED_AT);
        session.getAttributes().remove(HELD_COOKIES);
    }

    /** A step-up check passed: the second factor is fresh again. */
    public void reverified(Instant at) {
        session.getAttributes().put(VERIFIED_AT, at.getEpochSecond());
        session.getAttributes().put(STATE, SessionState.VERIFIED.name());
    }

    /** The upstream gave this verified session a new cookie value (it rotated its session id). */
    public void rebind(String fingerprint) {
        session.getAttributes().put(FINGERPRINT, fingerprint);
    }

    public Optional<String> fingerprint() {
        return Optional.ofNullable(session.getAttribute(FINGERPRINT));
    }

    public Optional<Instant> verifiedAt() {
        Number at = session.getAttribute(VERIFIED_AT);
        return at == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(at.longValue()));
    }

    /**
     * When this session last became verified (a second factor passed, or a remembered browser signed in): the start of
     * its absolute lifetime ({@code gatehouse.session.max-age}); see {@link SessionLifetime}.
     */
    public Optional<Instant> lifetimeStartedAt() {
        return lifetimeStartedAt(session.getAttributes()::get);
    }

    /** When the user was last active on a protected route, to whole seconds; see {@link SessionLifetime}. */
    public Optional<Instant> activeAt() {
        return activeAt(session.getAttributes()::get);
    }

    /** The start of the lifetime of any stored session, read through {@code attributes} (admin console, CLI). */
    public static Optional<Instant> lifetimeStartedAt(java.util.function.Function<String, Object> attributes) {
        return epochSeconds(attributes.apply(LIFETIME_START));
    }

    /** The last activity of any stored session, read through {@code attributes} (the admin console, the CLI). */
    public static Optional<Instant> activeAt(java.util.function.Function<String, Object> attributes) {
        return epochSeconds(attributes.apply(ACTIVE_AT));
    }

    private static Optional<Instant> epochSeconds(Object value) {
        return value instanceof Number at ? Optional.of(Instant.ofEpochSecond(at.longValue())) : Optional.empty();
    }

    /** A new verified lifetime starts now: the user is active as of {@code at} too. */
    void startLifetime(Instant at) {
        session.getAttributes().put(LIFETIME_START, at.getEpochSecond());
        session.getAttributes().put(ACTIVE_AT, at.getEpochSecond());
    }

    void active(Instant at) {
        session.getAttributes().put(ACTIVE_AT, at.getEpochSecond());
    }

    /** Whether the user had a second factor when they signed in (or enrolled since). */
    public boolean enrolled() {
        return Boolean.TRUE.equals(session.getAttribute(ENROLLED));
    }

    public void markEnrolled() {
        session.getAttributes().put(ENROLLED, true);
    }

    /** Where the user was going when Gatehouse stepped in: a same-origin path. */
    public String returnTo() {
        String target = session.getAttribute(RETURN_TO);
        return target == null ? "/" : target;
    }

    /** The return target recorded before a sign-in (a browser sent to the login page), if any. */
    public Optional<String> explicitReturnTo() {
        return Optional.ofNullable(session.getAttribute(RETURN_TO));
    }

    public void returnTo(String target) {
        session.getAttributes().put(RETURN_TO, target);
    }

    /** The enrollment secret not yet confirmed, sealed (encrypted), with when it was made. */
    public Optional<String> pendingSecret(Instant now, java.time.Duration lifetime) {
        String sealed = session.getAttribute(PENDING_SECRET);
        Number at = session.getAttribute(PENDING_SECRET_AT);
        if (sealed == null
                || at == null
                || Instant.ofEpochSecond(at.longValue()).plus(lifetime).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of(sealed);
    }

    public void pendingSecret(String sealed, Instant now) {
        session.getAttributes().put(PENDING_SECRET, sealed);
        session.getAttributes().put(PENDING_SECRET_AT, now.getEpochSecond());
    }

    /** Whether there is a pending secret at all, expired or not (to tell the user a new one was made). */
    public boolean hasPendingSecret() {
        return session.getAttribute(PENDING_SECRET) != null;
    }

    public void clearPendingSecret() {
        session.getAttributes().remove(PENDING_SECRET);
        session.getAttributes().remove(PENDING_SECRET_AT);
    }

    public Optional<String> csrfToken() {
        return Optional.ofNullable(session.getAttribute(CSRF_TOKEN));
    }

    public void csrfToken(String token) {
        session.getAttributes().put(CSRF_TOKEN, token);
    }

    /** The one-time message for the next page the user sees, with its arguments; taking it clears it. */
    public Optional<Text> takeFlash() {
        String key = session.getAttribute(FLASH);
        List<String> arguments = session.getAttribute(FLASH_ARGUMENTS);
        session.getAttributes().remove(FLASH);
        session.getAttributes().remove(FLASH_ARGUMENTS);
        return Optional.ofNullable(key).map(k -> Text.of(k, arguments == null ? new Object[0] : arguments.toArray()));
    }

    public void flash(String messageKey) {
        session.getAttributes().put(FLASH, messageKey);
        session.getAttributes().remove(FLASH_ARGUMENTS);
    }

    /** A one-time message with arguments for its {@code {0}}, {@code {1}}... placeholders. */
    public void flash(String messageKey, List<String> arguments) {
        session.getAttributes().put(FLASH, messageKey);
        session.getAttributes().put(FLASH_ARGUMENTS, new ArrayList<>(arguments));
    }

    /** Recovery codes to show once, right after enrollment or regeneration. */
    public void recoveryCodesToShow(List<String> codes) {
        session.getAttributes().put(RECOVERY_CODES, new ArrayList<>(codes));
        session.getAttributes().remove(RECOVERY_CODES_SHOWN);
    }

    /** Whether the codes were already put on a page once; a second visit must not show them again. */
    public boolean recoveryCodesShown() {
        return Boolean.TRUE.equals(session.getAttribute(RECOVERY_CODES_SHOWN));
    }

    public void markRecoveryCodesShown() {
        session.getAttributes().put(RECOVERY_CODES_SHOWN, true);
    }

    public List<String> recoveryCodesToShow() {
        List<String> codes = session.getAttribute(RECOVERY_CODES);
        return codes == null ? List.of() : codes;
    }

    public void clearRecoveryCodes() {
        session.getAttributes().remove(RECOVERY_CODES);
        session.getAttributes().remove(RECOVERY_CODES_SHOWN);
    }

    /** Whether {@code user} proved their email address in this session (the step before enrollment). */
    public boolean emailVerifiedFor(String user) {
        return user.equals(session.getAttribute(EMAIL_VERIFIED));
    }

    public void markEmailVerified(String user) {
        session.getAttributes().put(EMAIL_VERIFIED, user);
        session.getAttributes().remove(EMAIL_CODE_SENT);
    }

    /** Whether a code was emailed for this session already (opening the page again must not send another). */
    public boolean emailCodeSent() {
        return Boolean.TRUE.equals(session.getAttribute(EMAIL_CODE_SENT));
    }

    public void markEmailCodeSent() {
        session.getAttributes().put(EMAIL_CODE_SENT, true);
    }

    /** Gives the session a new id (fixation defence at every state change). */
    public Mono<Void> renewId() {
        return session.changeSessionId();
    }

    /** Ends the session (logout, admin revoke). */
    public Mono<Void> invalidate() {
        return session.invalidate();
    }
}
