package io.gatehouse.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What enforcement needs of a signed-in session (state, user, cookie fingerprint, time of the second factor),
 * kept in memory for at most {@code ttl} (one second by default) so that a busy verified browser costs Redis
 * one session read per second per gateway instead of one read and one write per request. The bound is the
 * promise: a logout, an admin revoke or a refused cookie takes effect on every gateway within {@code ttl},
 * and at once on the gateway that saw it (it evicts the entry).
 */
public final class VerifiedSessionCache {

    /** The cached facts of one session; only sessions whose cookies were released are cached. */
    record Snapshot(SessionState state, String user, String fingerprint, Instant verifiedAt, boolean enrolled,
            long loadedAt) {
    }

    private static final int MAX_ENTRIES = 100_000;

    private final ConcurrentHashMap<String, Snapshot> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final LongSupplier nanoTime;

    public VerifiedSessionCache(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The snapshot of session {@code id} if one younger than the time-to-live is held. */
    Optional<Snapshot> get(String id) {
        if (ttlNanos <= 0) {
            return Optional.empty();
        }
        Snapshot snapshot = entries.get(id);
        if (snapshot == null) {
            return Optional.empty();
        }
        if (nanoTime.getAsLong() - snapshot.loadedAt() >= ttlNanos) {
            entries.remove(id, snapshot);
            return Optional.empty();
        }
        return Optional.of(snapshot);
    }

    /** Remembers a session just read from Redis, if its cookies are released (others are never served from here). */
    void put(GatehouseSession session) {
        if (ttlNanos <= 0 || !session.state().released() || session.user().isEmpty()
                || session.fingerprint().isEmpty()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            // A crude bound; entries live one second, so dropping them all costs one read each.
            entries.clear();
        }
        entries.put(session.webSession().getId(), new Snapshot(session.state(), session.user().get(),
                session.fingerprint().get(), session.verifiedAt().orElse(Instant.EPOCH), session.enrolled(),
                nanoTime.getAsLong()));
    }

    /** Forgets session {@code id} at once (logout, revoke, refusal on this gateway). */
    public void evict(String id) {
        entries.remove(id);
    }
}
