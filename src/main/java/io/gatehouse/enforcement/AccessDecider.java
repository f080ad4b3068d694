package io.gatehouse.enforcement;

import io.gatehouse.config.PolicyMode;
import io.gatehouse.policy.ResolvedPolicy;
import io.gatehouse.session.SessionState;
import java.time.Instant;

/**
 * The one answer to "may this request go on to the upstream, and if not, what happens": a pure function of what the
 * request is, what its Gatehouse session is, and the policy. The cached fast path, the full path, forward-auth and
 * report-only mode all ask it; none decides on its own.
 */
public final class AccessDecider {

    /**
     * What the decision needs to know of a request.
     *
     * @param login it matches a configured login endpoint
     * @param signInPage it is for the login page or a configured sign-in page
     * @param logout it matches a configured logout
     * @param authorization it carries an {@code Authorization} header
     * @param credentialFields it carries a password or other credential field outside a login
     * @param cookiesPresented it carries at least one upstream session cookie
     * @param unreadableBody its body could not be read for credentials (another type, or encoded); it counts as
     *        carrying credentials
     */
    public record RequestView(
            boolean login,
            boolean signInPage,
            boolean logout,
            boolean authorization,
            boolean credentialFields,
            boolean cookiesPresented,
            boolean unreadableBody) {

        public RequestView(
                boolean login,
                boolean signInPage,
                boolean logout,
                boolean authorization,
                boolean credentialFields,
                boolean cookiesPresented) {
            this(login, signInPage, logout, authorization, credentialFields, cookiesPresented, false);
        }
    }

    /**
     * What the decision needs to know of the browser's Gatehouse session.
     *
     * @param state where the browser stands
     * @param enrolled whether the user has a second factor
     * @param cookiesReleasedHere every upstream session cookie the request carries was released to this session
     * @param verifiedAt when the second factor was last passed; null when never (or only a remembered browser)
     * @param lifetimeEnded why a verified session is past its idle or absolute limit ({@code session-idle},
     *        {@code session-expired}), or null while it lives
     */
    public record SessionView(
            SessionState state,
            boolean enrolled,
            boolean cookiesReleasedHere,
            Instant verifiedAt,
            String lifetimeEnded) {

        /** A browser without a Gatehouse session. */
        public static final SessionView NONE = new SessionView(SessionState.ANONYMOUS, false, false, null, null);

        public SessionView(SessionState state, boolean enrolled, boolean cookiesReleasedHere, Instant verifiedAt) {
            this(state, enrolled, cookiesReleasedHere, verifiedAt, null);
        }
    }

    private AccessDecider() {}

    /** Decides; {@code now} is the injected clock's instant (for step-up). */
    public static AccessDecision decide(RequestView request, SessionView session, ResolvedPolicy policy, Instant now) {
        PolicyMode mode = policy.mode();
        if (mode == PolicyMode.DENY) {
            return AccessDecision.DENY;
        }
        if (mode == PolicyMode.BYPASS) {
            return AccessDecision.FORWARD;
        }
        if (request.authorization() && !policy.credentialsAllowed()) {
            return new AccessDecision.RefuseCredentials("authorization");
        }
        if (request.login()) {
            // A sign-in is always forwarded and its answer judged, whatever this session's state: the observer replaces
            // the user and renews the id, so a planted (fixated) session never survives it.
            return AccessDecision.FORWARD;
        }
        if (request.credentialFields() && !policy.credentialsAllowed()) {
            return new AccessDecision.RefuseCredentials(
                    request.unreadableBody() ? AccessDecision.UNREADABLE_BODY : "field");
        }
        if (request.logout()) {
            // A logout always reaches the upstream (ending a session never needs a second factor), but only with
            // cookies released to this session: with any other it could act as someone else.
            return request.cookiesPresented() && !session.cookiesReleasedHere()
                    ? AccessDecision.FORWARD_WITHOUT_COOKIES
                    : AccessDecision.FORWARD;
        }
        if (request.cookiesPresented() && !session.cookiesReleasedHere()) {
            if (request.signInPage()) {
                return AccessDecision.FORWARD_WITHOUT_COOKIES;
            }
            return session.state() == SessionState.PENDING ? pending(session) : AccessDecision.REFUSE_COOKIE;
        }
        if (request.signInPage()) {
            return AccessDecision.FORWARD;
        }
        if (session.lifetimeEnded() != null) {
            // Past the idle or absolute limit the browser owes a second factor again; its cookies stay bound.
            return "session-idle".equals(session.lifetimeEnded())
                    ? AccessDecision.SESSION_IDLE
                    : AccessDecision.SESSION_EXPIRED;
        }
        return switch (session.state()) {
            case ANONYMOUS -> policy.refusesAnonymous() ? AccessDecision.TO_LOGIN : AccessDecision.FORWARD;
            case PENDING -> pending(session);
            case SIGNED_IN ->
                mode == PolicyMode.REQUIRED || session.enrolled() ? pending(session) : AccessDecision.FORWARD;
            case VERIFIED ->
                policy.maxAge().isPresent()
                                && (session.verifiedAt() == null
                                        || session.verifiedAt()
                                                .plus(policy.maxAge().get())
                                                .isBefore(now))
                        ? AccessDecision.STEP_UP
                        : AccessDecision.FORWARD;
        };
    }

    private static AccessDecision pending(SessionView session) {
        return session.enrolled() ? AccessDecision.CHALLENGE : AccessDecision.ENROLLMENT;
    }
}
