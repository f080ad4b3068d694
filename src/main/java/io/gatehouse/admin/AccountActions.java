package io.gatehouse.admin;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.store.AccountStatus;
import io.gatehouse.store.TwoFactorService;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The account operations behind the admin console, the account page and the CLI, each audited: turning 2FA off
 * (secret, last step, recovery codes, lockout and flags deleted; sessions ended; the user emailed), unlocking,
 * requiring a new enrollment and ending sessions.
 */
public final class AccountActions {

    /** What a disable did. */
    public record Disabled(boolean wasEnrolled, int sessionsEnded) {}

    /** The status and the open sessions, for the console and {@code gatehouse admin status}. */
    public record Overview(AccountStatus status, List<SessionRevoker.SessionInfo> sessions) {}

    private final TwoFactorService twoFactor;
    private final SessionRevoker sessions;
    private final SecurityEvents events;

    public AccountActions(TwoFactorService twoFactor, SessionRevoker sessions, SecurityEvents events) {
        this.twoFactor = twoFactor;
        this.sessions = sessions;
        this.events = events;
    }

    public Mono<Overview> overview(String user) {
        return Mono.zip(twoFactor.status(user), sessions.list(user)).map(t -> new Overview(t.getT1(), t.getT2()));
    }

    /**
     * Turns 2FA off for {@code user}. An admin or the CLI also ends all the user's sessions ({@code endSessions});
     * the user turning it off themselves keeps the session they are using. The email and audit event follow even
     * when the user was not enrolled, so the attempt is on record.
     */
    public Mono<Disabled> disable(String user, Actor actor, String ip, boolean endSessions) {
        return twoFactor
                .disable(user)
                .flatMap(was ->
                        (endSessions ? sessions.revokeAll(user) : Mono.just(0)).map(ended -> new Disabled(was, ended)))
                .flatMap(result -> events.deactivated(user, actor, ip).thenReturn(result));
    }

    public Mono<Boolean> unlock(String user, Actor actor, String ip) {
        return twoFactor
                .unlock(user)
                .flatMap(cleared -> events.adminAction(
                                "unlock", user, actor, ip, Map.of("cleared", Boolean.toString(cleared)))
                        .thenReturn(cleared));
    }

    public Mono<Boolean> requireEnrollment(String user, Actor actor, String ip) {
        return twoFactor
                .requireEnrollment(user)
                .flatMap(set -> events.adminAction("require-enrollment", user, actor, ip, Map.of())
                        .thenReturn(set));
    }

    public Mono<Integer> revokeSessions(String user, Actor actor, String ip) {
        return sessions.revokeAll(user)
                .flatMap(ended -> events.adminAction(
                                "sessions-revoked", user, actor, ip, Map.of("sessions", Integer.toString(ended)))
                        .thenReturn(ended));
    }
}
