package io.gatehouse.demo;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** In-memory sessions of the demo site: a random 128-bit id per sign-in, dropped after an idle timeout. */
final class DemoSessions {

    static final String COOKIE_NAME = "LEGACYSESSID";

    private record Entry(DemoUser user, Instant lastAccess) {}

    private final ConcurrentMap<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final SecureRandom random;
    private final Duration idleTimeout;

    DemoSessions(Clock clock, SecureRandom random, Duration idleTimeout) {
        this.clock = clock;
        this.random = random;
        this.idleTimeout = idleTimeout;
    }

    /** Starts a new session for {@code user} and returns its id. */
    String create(DemoUser user) {
        Instant now = clock.instant();
        // Purging on every sign-in keeps the map bounded without a background thread.
        sessions.values().removeIf(entry -> expired(entry, now));
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        sessions.put(id, new Entry(user, now));
        return id;
    }

    /** The user of a live session, refreshing its idle timer; empty for unknown or expired ids. */
    Optional<DemoUser> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Entry entry = sessions.computeIfPresent(
                id, (key, current) -> expired(current, now) ? null : new Entry(current.user(), now));
        return Optional.ofNullable(entry).map(Entry::user);
    }

    void invalidate(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    int activeCount() {
        Instant now = clock.instant();
        return (int)
                sessions.values().stream().filter(entry -> !expired(entry, now)).count();
    }

    private boolean expired(Entry entry, Instant now) {
        return !entry.lastAccess().plus(idleTimeout).isAfter(now);
    }
}
