package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.config.PolicyMode;
import io.gatehouse.policy.ResolvedPolicy;
import io.gatehouse.session.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole decision as a table of request kinds, session states and policies. */
class AccessDeciderTests {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private static final ResolvedPolicy BYPASS = policy(PolicyMode.BYPASS, null, false, false);
    private static final ResolvedPolicy OPTIONAL = policy(PolicyMode.OPTIONAL, null, false, false);
    private static final ResolvedPolicy REQUIRED = policy(PolicyMode.REQUIRED, null, false, false);
    private static final ResolvedPolicy DENY = policy(PolicyMode.DENY, null, false, false);
    private static final ResolvedPolicy STEP_UP = policy(PolicyMode.OPTIONAL, Duration.ofMinutes(5), false, false);
    private static final ResolvedPolicy REQUIRED_ANONYMOUS_FORWARD = policy(PolicyMode.REQUIRED, null, true, false);
    private static final ResolvedPolicy REQUIRED_CREDENTIALS_ALLOWED = policy(PolicyMode.REQUIRED, null, false, true);

    private static final AccessDecider.RequestView PAGE = request(false, false, false, false, false, false);
    private static final AccessDecider.RequestView PAGE_WITH_COOKIES = request(false, false, false, false, false, true);
    private static final AccessDecider.RequestView LOGIN = request(true, false, false, false, false, true);
    private static final AccessDecider.RequestView LOGIN_PAGE = request(false, true, false, false, false, false);
    private static final AccessDecider.RequestView LOGIN_PAGE_WITH_COOKIES =
            request(false, true, false, false, false, true);
    private static final AccessDecider.RequestView LOGOUT = request(false, false, true, false, false, true);
    private static final AccessDecider.RequestView BASIC_AUTH = request(false, false, false, true, false, false);
    private static final AccessDecider.RequestView PASSWORD_FIELD = request(false, false, false, false, true, true);

    private static final AccessDecider.SessionView NONE = AccessDecider.SessionView.NONE;
    private static final AccessDecider.SessionView PENDING_ENROLLED = session(SessionState.PENDING, true, false, null);
    private static final AccessDecider.SessionView PENDING_NEW = session(SessionState.PENDING, false, false, null);
    private static final AccessDecider.SessionView SIGNED_IN = session(SessionState.SIGNED_IN, false, true, null);
    private static final AccessDecider.SessionView SIGNED_IN_ENROLLED =
            session(SessionState.SIGNED_IN, true, true, null);
    private static final AccessDecider.SessionView VERIFIED =
            session(SessionState.VERIFIED, true, true, NOW.minusSeconds(60));
    private static final AccessDecider.SessionView VERIFIED_LONG_AGO =
            session(SessionState.VERIFIED, true, true, NOW.minusSeconds(3600));
    private static final AccessDecider.SessionView VERIFIED_REMEMBERED =
            session(SessionState.VERIFIED, true, true, null);
    private static final AccessDecider.SessionView VERIFIED_FOREIGN_COOKIE =
            session(SessionState.VERIFIED, true, false, NOW.minusSeconds(60));

    static Stream<Arguments> table() {
        return Stream.of(
                // deny and bypass decide alone
                Arguments.of(PAGE, VERIFIED, DENY, AccessDecision.DENY),
                Arguments.of(LOGIN, NONE, DENY, AccessDecision.DENY),
                Arguments.of(PAGE_WITH_COOKIES, NONE, BYPASS, AccessDecision.FORWARD),
                Arguments.of(BASIC_AUTH, NONE, BYPASS, AccessDecision.FORWARD),
                // anonymous browsers
                Arguments.of(PAGE, NONE, REQUIRED, AccessDecision.TO_LOGIN),
                Arguments.of(PAGE, NONE, STEP_UP, AccessDecision.TO_LOGIN),
                Arguments.of(PAGE, NONE, OPTIONAL, AccessDecision.FORWARD),
                Arguments.of(PAGE, NONE, REQUIRED_ANONYMOUS_FORWARD, AccessDecision.FORWARD),
                Arguments.of(LOGIN_PAGE, NONE, REQUIRED, AccessDecision.FORWARD),
                Arguments.of(LOGIN, NONE, REQUIRED, AccessDecision.FORWARD),
                Arguments.of(LOGOUT, NONE, REQUIRED, AccessDecision.FORWARD_WITHOUT_COOKIES),
                Arguments.of(LOGOUT, VERIFIED, REQUIRED, AccessDecision.FORWARD),
                Arguments.of(
                        request(false, false, true, false, true, true),
                        VERIFIED,
                        REQUIRED,
                        new AccessDecision.RefuseCredentials("field")),
                Arguments.of(
                        request(false, false, false, false, true, true, true),
                        VERIFIED,
                        REQUIRED,
                        new AccessDecision.RefuseCredentials(AccessDecision.UNREADABLE_BODY)),
                Arguments.of(
                        PAGE_WITH_COOKIES,
                        session(SessionState.VERIFIED, true, true, NOW, "session-idle"),
                        REQUIRED,
                        AccessDecision.SESSION_IDLE),
                Arguments.of(
                        PAGE_WITH_COOKIES,
                        session(SessionState.VERIFIED, true, true, NOW, "session-expired"),
                        BYPASS,
                        AccessDecision.FORWARD),
                // credentials outside the login
                Arguments.of(BASIC_AUTH, VERIFIED, REQUIRED, new AccessDecision.RefuseCredentials("authorization")),
                Arguments.of(PASSWORD_FIELD, VERIFIED, REQUIRED, new AccessDecision.RefuseCredentials("field")),
                Arguments.of(PASSWORD_FIELD, NONE, OPTIONAL, new AccessDecision.RefuseCredentials("field")),
                Arguments.of(PASSWORD_FIELD, VERIFIED, REQUIRED_CREDENTIALS_ALLOWED, AccessDecision.FORWARD),
                // cookies not released to this session
                Arguments.of(PAGE_WITH_COOKIES, NONE, REQUIRED, AccessDecision.REFUSE_COOKIE),
                Arguments.of(PAGE_WITH_COOKIES, NONE, OPTIONAL, AccessDecision.REFUSE_COOKIE),
                Arguments.of(PAGE_WITH_COOKIES, NONE, REQUIRED_ANONYMOUS_FORWARD, AccessDecision.REFUSE_COOKIE),
                Arguments.of(PAGE_WITH_COOKIES, VERIFIED_FOREIGN_COOKIE, REQUIRED, AccessDecision.REFUSE_COOKIE),
                Arguments.of(PAGE_WITH_COOKIES, PENDING_ENROLLED, REQUIRED, AccessDecision.CHALLENGE),
                Arguments.of(LOGIN_PAGE_WITH_COOKIES, NONE, REQUIRED, AccessDecision.FORWARD_WITHOUT_COOKIES),
                // the steps
                Arguments.of(PAGE, PENDING_ENROLLED, OPTIONAL, AccessDecision.CHALLENGE),
                Arguments.of(PAGE, PENDING_NEW, REQUIRED, AccessDecision.ENROLLMENT),
                Arguments.of(PAGE_WITH_COOKIES, SIGNED_IN, REQUIRED, AccessDecision.ENROLLMENT),
                Arguments.of(PAGE_WITH_COOKIES, SIGNED_IN, OPTIONAL, AccessDecision.FORWARD),
                Arguments.of(PAGE_WITH_COOKIES, SIGNED_IN_ENROLLED, OPTIONAL, AccessDecision.CHALLENGE),
                Arguments.of(PAGE_WITH_COOKIES, VERIFIED, REQUIRED, AccessDecision.FORWARD),
                Arguments.of(PAGE_WITH_COOKIES, VERIFIED, STEP_UP, AccessDecision.FORWARD),
                Arguments.of(PAGE_WITH_COOKIES, VERIFIED_LONG_AGO, STEP_UP, AccessDecision.STEP_UP),
                Arguments.of(PAGE_WITH_COOKIES, VERIFIED_REMEMBERED, STEP_UP, AccessDecision.STEP_UP),
                Arguments.of(PAGE_WITH_COOKIES, VERIFIED_REMEMBERED, REQUIRED, AccessDecision.FORWARD),
                // a verified session whose browser no longer sends the upstream's cookies: the upstream answers
                Arguments.of(PAGE, VERIFIED, REQUIRED, AccessDecision.FORWARD));
    }

    @ParameterizedTest(name = "{0} / {1} / {2} -> {3}")
    @MethodSource("table")
    void decideWhenRequestSessionAndPolicyThenDecision(
            AccessDecider.RequestView request,
            AccessDecider.SessionView session,
            ResolvedPolicy policy,
            AccessDecision expected) {
        assertThat(AccessDecider.decide(request, session, policy, NOW)).isEqualTo(expected);
    }

    private static ResolvedPolicy policy(
            PolicyMode mode, Duration maxAge, boolean anonymousForward, boolean credentialsAllowed) {
        return new ResolvedPolicy(
                mode, Optional.ofNullable(maxAge), mode.yamlName(), "test", anonymousForward, credentialsAllowed);
    }

    private static AccessDecider.RequestView request(
            boolean login,
            boolean signInPage,
            boolean logout,
            boolean authorization,
            boolean credentialFields,
            boolean cookies) {
        return new AccessDecider.RequestView(login, signInPage, logout, authorization, credentialFields, cookies);
    }

    private static AccessDecider.SessionView session(
            SessionState state, boolean enrolled, boolean releasedHere, Instant verifiedAt) {
        return new AccessDecider.SessionView(state, enrolled, releasedHere, verifiedAt);
    }

    private static AccessDecider.SessionView session(
            SessionState state, boolean enrolled, boolean releasedHere, Instant verifiedAt, String lifetimeEnded) {
        return new AccessDecider.SessionView(state, enrolled, releasedHere, verifiedAt, lifetimeEnded);
    }

    private static AccessDecider.RequestView request(
            boolean login,
            boolean signInPage,
            boolean logout,
            boolean authorization,
            boolean credentialFields,
            boolean cookies,
            boolean unreadable) {
        return new AccessDecider.RequestView(
                login, signInPage, logout, authorization, credentialFields, cookies, unreadable);
    }
}
