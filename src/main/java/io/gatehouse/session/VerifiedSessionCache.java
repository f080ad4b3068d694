package io.gatehouse.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * What enforcement needs of a signed-in session (state, user, cookie fingerprint, time of the second factor, start and
 * last activity of its lifetime),
 * kept in memory for at most {@code ttl} (one second by default) so that a busy verified browser costs Redis
 * one session read and write per half {@code ttl} per gateway instead of one each per request. The bound is the
 * promise: a logout, an admin revoke or a refused cookie takes effect on every gateway within {@code ttl},
 * and at once on the gateway that saw it (it evicts the entry).
 */
public final class VerifiedSessionCache {

    /**
     * The cached facts of one session; only sessions whose cookies were released are cached. {@code lifetimeStart} and
     * {@code activeAt} are the times {@link SessionLifetime} judges, so that no snapshot outlives its session's limits.
     */
    public record Snapshot(
            SessionState state,
            String user,
            String fingerprint,
            Instant verifiedAt,
            boolean enrolled,
            Instant lifetimeStart,
            Instant activeAt,
            long loadedAt,
            Map<String, List<String>> confirmedCookies,
            AtomicBoolean reloadClaimed) {

        /** This snapshot with {@code cookies} as the ones last checked; load time and reload claim stay. */
        Snapshot withConfirmedCookies(Map<String, List<String>> cookies) {
            return new Snapshot(
                    state,
                    user,
                    fingerprint,
                    verifiedAt,
                    enrolled,
                    lifetimeStart,
                    activeAt,
                    loadedAt,
                    cookies,
                    reloadClaimed);
        }

        /**
         * Whether {@code presented} are exactly the cookies last checked against the fingerprint for this snapshot
         * (values compared in constant time).
         */
        public boolean confirmed(Map<String, List<String>> presented) {
            Map<String, List<String>> confirmed = confirmedCookies;
            if (confirmed == null || confirmed.size() != presented.size()) {
                return false;
            }
            boolean same = true;
            for (Map.Entry<String, List<String>> cookie : presented.entrySet()) {
                List<String> values = confirmed.get(cookie.getKey());
                if (values == null || values.size() != cookie.getValue().size()) {
                    return false;
                }
                for (int i = 0; i < values.size(); i++) {
                    same &= sameValue(values.get(i), cookie.getValue().get(i));
                }
            }
            return same;
        }

        /**
         * Whether two cookie values are equal, in time that depends on their length only (a session cookie's length
         * is no secret; where its characters first differ would be).
         */
        private static boolean sameValue(String confirmed, String presented) {
            if (confirmed.length() != presented.length()) {
                return false;
            }
            int difference = 0;
            for (int i = 0; i < confirmed.length(); i++) {
                difference |= confirmed.charAt(i) ^ presented.charAt(i);
            }
            return difference == 0;
        }
    }

    private static final int MAX_ENTRIES = 100_000;

    /** Null when the time-to-live is not positive: nothing is cached. */
    private final Cache<String, Snapshot> entries;

    private final long ttlNanos;
    private final LongSupplier nanoTime;

    public VerifiedSessionCache(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        // Each entry expires ttl after its snapshot was loaded from Redis (loadedAt, read from the same clock), so
        // that replacing it with its confirmed cookies (confirm) never extends its life, as expireAfterWrite would.
        this.entries = ttlNanos <= 0
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(MAX_ENTRIES)
                        .ticker(nanoTime::getAsLong)
                        .expireAfter(new SinceLoaded(ttlNanos))
                        .build();
    }

    /** The snapshot of session {@code id} if one younger than the time-to-live is held. */
    public Optional<Snapshot> get(String id) {
        return entries == null ? Optional.empty() : Optional.ofNullable(entries.getIfPresent(id));
    }

    /**
     * Whether this request should reload the session from Redis although {@code snapshot} may still serve it: once a
     * snapshot is half its time-to-live old, exactly one request (the first to ask) takes the full path and so renews
     * the entry, while the others go on from the snapshot. Without this every request arriving between expiry and
     * reload would read Redis: a burst of slow requests each second for a busy browser.
     */
    public boolean claimReload(Snapshot snapshot) {
        return nanoTime.getAsLong() - snapshot.loadedAt() >= ttlNanos / 2
                && snapshot.reloadClaimed().compareAndSet(false, true);
    }

    /**
     * Remembers a session just read from Redis, if its cookies are released; a session whose cookies are not (any
     * more) released is dropped, so that nothing is ever served from here for it.
     */
    public void put(GatehouseSession session) {
        if (entries == null) {
            return;
        }
        if (!session.state().released()
                || session.user().isEmpty()
                || session.fingerprint().isEmpty()) {
            entries.invalidate(session.webSession().getId());
            return;
        }
        // A session verified before these times were kept counts from its creation, as SessionLifetime judges it.
        Instant lifetimeStart =
                session.lifetimeStartedAt().orElse(session.webSession().getCreationTime());
        entries.put(
                session.webSession().getId(),
                new Snapshot(
                        session.state(),
                        session.user().get(),
                        session.fingerprint().get(),
                        session.verifiedAt().orElse(Instant.EPOCH),
                        session.enrolled(),
                        lifetimeStart,
                        session.activeAt().orElse(lifetimeStart),
                        nanoTime.getAsLong(),
                        null,
                        new AtomicBoolean()));
    }

    /**
     * Records that {@code presented} matched the fingerprint of {@code snapshot}, unless the entry changed
     * meanwhile (evicted or reloaded); the entry keeps its load time, so this never extends its life.
     */
    public void confirm(String id, Snapshot snapshot, Map<String, List<String>> presented) {
        if (entries != null) {
            entries.asMap().replace(id, snapshot, snapshot.withConfirmedCookies(copyOf(presented)));
        }
    }

    private static Map<String, List<String>> copyOf(Map<String, List<String>> cookies) {
        Map<String, List<String>> copy = new java.util.HashMap<>();
        cookies.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return Map.copyOf(copy);
    }

    /** Forgets session {@code id} at once (logout, revoke, refusal on this gateway). */
    public void evict(String id) {
        if (entries != null) {
            entries.invalidate(id);
        }
    }

    /** An entry lives {@code ttl} from its snapshot's {@code loadedAt}, whenever it was written or replaced. */
    private record SinceLoaded(long ttlNanos) implements Expiry<String, Snapshot> {

        private long remaining(Snapshot snapshot, long now) {
            return Math.max(0, ttlNanos - (now - snapshot.loadedAt()));
        }

        @Override
        public long expireAfterCreate(String id, Snapshot snapshot, long now) {
            return remaining(snapshot, now);
        }

        @Override
        public long expireAfterUpdate(String id, Snapshot snapshot, long now, long currentDuration) {
            return remaining(snapshot, now);
        }

        @Override
        public long expireAfterRead(String id, Snapshot snapshot, long now, long currentDuration) {
            return currentDuration;
        }
    }
}
