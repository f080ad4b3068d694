package io.gatehouse.session;

import io.gatehouse.config.SessionActivity;
import io.gatehouse.config.SessionProperties;
import io.gatehouse.web.Answers;
import io.gatehouse.web.Text;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/**
 * How long a second factor keeps a browser verified ({@code gatehouse.session.*}): past the idle timeout or the
 * absolute lifetime, a verified session owes a second factor again. Judged from two times kept in the session (when
 * its verified lifetime started, when the user was last active) and the injected clock.
 */
public final class SessionLifetime {

    /**
     * The last activity is written to the session at most this often, and only on a request that reads and writes
     * the session anyway: the idle timeout is precise to about this much, erring early (a session may count as idle
     * up to this much before {@code idle-timeout} of true inactivity, never later).
     */
    static final Duration ACTIVITY_RESOLUTION = Duration.ofSeconds(5);

    /** Where a verified session stands. */
    enum Verdict {
        /** Within both limits. */
        LIVE(null),
        /** No activity for longer than the idle timeout. */
        IDLE("session-idle"),
        /** Older than the absolute lifetime, however busy. */
        EXPIRED("session-expired");

        /** The stop reason of enforcement (a report-only metric tag), or null for {@link #LIVE}. */
        final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }
    }

    private final Duration idleTimeout;
    private final Duration maxAge;
    private final SessionActivity activity;
    private final Clock clock;

    public SessionLifetime(SessionProperties properties, Clock clock) {
        this.idleTimeout = properties.idleTimeout();
        this.maxAge = properties.maxAge();
        this.activity = properties.activity();
        this.clock = clock;
    }

    /**
     * The verdict for a session verified at {@code startedAt} and last active at {@code activeAt}: the absolute limit
     * first (passing an idle check again would not help), then the idle one. A limit reached to the second still holds.
     */
    static Verdict judge(Instant startedAt, Instant activeAt, Instant now, Duration idleTimeout, Duration maxAge) {
        if (startedAt.plus(maxAge).isBefore(now)) {
            return Verdict.EXPIRED;
        }
        Instant lastActive = activeAt.isAfter(startedAt) ? activeAt : startedAt;
        if (lastActive.plus(idleTimeout).isBefore(now)) {
            return Verdict.IDLE;
        }
        return Verdict.LIVE;
    }

    /** Where {@code session} stands now; sessions that are not verified have no second factor to expire. */
    Verdict of(GatehouseSession session) {
        if (session.state() != SessionState.VERIFIED) {
            return Verdict.LIVE;
        }
        // A session verified before these limits existed has no start: its creation is the earliest it can be.
        Instant started =
                session.lifetimeStartedAt().orElse(session.webSession().getCreationTime());
        return judge(started, session.activeAt().orElse(started), clock.instant(), idleTimeout, maxAge);
    }

    /**
     * Whether {@code session} is verified but past a limit: Gatehouse's own pages for signed-in users (the account
     * page, the admin console) send it to the challenge, as enforcement does on protected routes.
     */
    public boolean ended(GatehouseSession session) {
        return of(session) != Verdict.LIVE;
    }

    /**
     * Whether a session read straight from the store (not through a request) is verified but past a limit: its open
     * WebSockets then close, as they would at a logout.
     */
    public boolean ended(org.springframework.session.Session stored) {
        Object state = stored.getAttribute("gh.state");
        if (!SessionState.VERIFIED.name().equals(state)) {
            return false;
        }
        Instant started =
                GatehouseSession.lifetimeStartedAt(stored::getAttribute).orElse(stored.getCreationTime());
        Instant active = GatehouseSession.activeAt(stored::getAttribute).orElse(started);
        return judge(started, active, clock.instant(), idleTimeout, maxAge) != Verdict.LIVE;
    }

    /** The enforcement stop reason for {@code session} ("session-idle", "session-expired"), or null while it lives. */
    public String stopReason(GatehouseSession session) {
        return of(session).reason;
    }

    /**
     * Whether the cached path may serve this request from {@code snapshot}: never past a limit, and for a request
     * that counts as activity not once the recorded activity is {@link #ACTIVITY_RESOLUTION} old: then one request
     * (the snapshot's reload claim) takes the full path, which records it.
     */
    public boolean servesFromCache(VerifiedSessionCache.Snapshot snapshot, ServerWebExchange exchange) {
        if (snapshot.state() != SessionState.VERIFIED) {
            return true;
        }
        Instant now = clock.instant();
        if (judge(snapshot.lifetimeStart(), snapshot.activeAt(), now, idleTimeout, maxAge) != Verdict.LIVE) {
            return false;
        }
        boolean activityStale = snapshot.activeAt().plus(ACTIVITY_RESOLUTION).isBefore(now);
        // One counting request records the activity on the full path; the others go on from the snapshot meanwhile.
        return !(activityStale
                && isActivity(exchange)
                && snapshot.reloadClaimed().compareAndSet(false, true));
    }

    /**
     * Records that the user of {@code session} is active, where this request to a protected route counts as activity
     * and the recorded time is {@link #ACTIVITY_RESOLUTION} old; the session is written anyway at the end of a request
     * that read it, so this adds no Redis command.
     */
    public void recordActivity(GatehouseSession session, ServerWebExchange exchange) {
        if (session.state() != SessionState.VERIFIED || !isActivity(exchange)) {
            return;
        }
        Instant now = clock.instant();
        Optional<Instant> recorded = session.activeAt();
        if (recorded.isEmpty() || !recorded.get().plus(ACTIVITY_RESOLUTION).isAfter(now)) {
            session.active(now);
        }
    }

    /** A verified lifetime starts (a passed second factor, a remembered browser's sign-in). */
    public void start(GatehouseSession session) {
        session.startLifetime(clock.instant());
        // Spring Session keeps a session for its own inactivity interval: a verified one is kept at least max-age, so
        // that a browser coming back after the idle limit is told why and passes the challenge, rather than finding
        // its session gone and having to sign in again.
        if (session.webSession().getMaxIdleTime().compareTo(maxAge) < 0) {
            session.webSession().setMaxIdleTime(maxAge);
        }
    }

    /** Whether this request counts as the user being active (see {@code gatehouse.session.activity}). */
    boolean isActivity(ServerWebExchange exchange) {
        if (activity == SessionActivity.ALL) {
            return true;
        }
        String mode = exchange.getRequest().getHeaders().getFirst("Sec-Fetch-Mode");
        return mode != null ? "navigate".equals(mode) : Answers.wantsHtml(exchange);
    }

    /**
     * Why the challenge page is asking again, for the page to say so; empty unless {@code session} reached a limit.
     * The limit is stated in whole days, hours or minutes, the largest unit that states it exactly.
     */
    public Optional<Text> explanation(GatehouseSession session) {
        return switch (of(session)) {
            case LIVE -> Optional.empty();
            case IDLE -> Optional.of(Text.of("session.ended.idle", spoken(idleTimeout)));
            case EXPIRED -> Optional.of(Text.of("session.ended.maxAge", spoken(maxAge)));
        };
    }

    static Text spoken(Duration limit) {
        if (limit.equals(Duration.ofDays(limit.toDays()))) {
            return Text.of("duration.days", limit.toDays());
        }
        if (limit.equals(Duration.ofHours(limit.toHours()))) {
            return Text.of("duration.hours", limit.toHours());
        }
        return Text.of("duration.minutes", limit.toMinutes());
    }
}
