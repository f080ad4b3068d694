package io.gatehouse.enforcement;

/**
 * What happens to a request on its way to the upstream, as decided by {@link AccessDecider}. The filters only carry
 * it out: forward it, or answer in the upstream's place.
 */
public sealed interface AccessDecision {

    /** Forward the request (a login is observed on the way back; every answer is judged). */
    record Forward() implements AccessDecision {}

    /**
     * Forward the request without the upstream session cookies it carries: a browser on the login page with cookies
     * that were never released to its session sees the login form as a new visitor would.
     */
    record ForwardWithoutCookies() implements AccessDecision {}

    /** A deny rule: 403 for everyone. */
    record Deny() implements AccessDecision {}

    /** The browser owes a second factor: the challenge (enrolled users, step-up) or enrollment. */
    record Step(StepKind kind) implements AccessDecision {}

    /** An upstream session cookie that was not released to this session: expired, and the browser sent to sign in. */
    record RefuseCookie() implements AccessDecision {}

    /** Credentials outside the login (an {@code Authorization} header, a password field): 401, never forwarded. */
    record RefuseCredentials(String carrier) implements AccessDecision {}

    /** A browser without a released session on a route that refuses anonymous browsers: to the site's login. */
    record ToLogin() implements AccessDecision {}

    /** Which step a browser owes. */
    enum StepKind {
        /** An enrolled user who signed in with a password and has not passed the second factor yet. */
        CHALLENGE,
        /** A user who must set up a second factor first. */
        ENROLLMENT,
        /** A verified user whose second factor is older than the route's {@code max-age}. */
        STEP_UP,
        /** A verified session idle for longer than {@code gatehouse.session.idle-timeout}. */
        SESSION_IDLE,
        /** A verified session older than {@code gatehouse.session.max-age}. */
        SESSION_EXPIRED
    }

    /** The carrier of a {@link RefuseCredentials} for a body Gatehouse could not read. */
    String UNREADABLE_BODY = "unreadable-body";

    Forward FORWARD = new Forward();
    ForwardWithoutCookies FORWARD_WITHOUT_COOKIES = new ForwardWithoutCookies();
    Deny DENY = new Deny();
    RefuseCookie REFUSE_COOKIE = new RefuseCookie();
    ToLogin TO_LOGIN = new ToLogin();
    Step CHALLENGE = new Step(StepKind.CHALLENGE);
    Step ENROLLMENT = new Step(StepKind.ENROLLMENT);
    Step STEP_UP = new Step(StepKind.STEP_UP);
    Step SESSION_IDLE = new Step(StepKind.SESSION_IDLE);
    Step SESSION_EXPIRED = new Step(StepKind.SESSION_EXPIRED);

    /** The reason report-only mode records for this decision ({@code GatehouseMetrics.REPORT_ONLY_REASONS}). */
    default String reason() {
        if (this instanceof Step step) {
            return switch (step.kind()) {
                case CHALLENGE -> "challenge";
                case ENROLLMENT -> "enrollment";
                case STEP_UP -> "step-up";
                case SESSION_IDLE -> "session-idle";
                case SESSION_EXPIRED -> "session-expired";
            };
        }
        if (this instanceof Deny) {
            return "deny";
        }
        if (this instanceof RefuseCookie) {
            return "unreleased-cookie";
        }
        if (this instanceof RefuseCredentials) {
            return "credentials";
        }
        if (this instanceof ToLogin) {
            return "login-required";
        }
        return "-";
    }

    /** Whether the request goes on to the upstream. */
    default boolean forwards() {
        return this instanceof Forward || this instanceof ForwardWithoutCookies;
    }
}
