package io.gatehouse.store;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveRedisOperations;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Removes what Spring Session's indexed repository leaves behind once a session's data has expired: the id in the
 * expirations sorted set, the session's own index set ({@code sessions:<id>:idx}) and the id in each index it names
 * (such as the user's principal index). Spring Session does this when it hears the key's expiry event, but on a Redis
 * Cluster those events stay on the node that held the key while Gatehouse listens on one node, and a gateway that is
 * down hears nothing. Every command here touches one key, so it is valid on a Cluster.
 */
public final class SessionIndexSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionIndexSweeper.class);

    /** Spring Session keeps a session's data five minutes past its expiry; one more minute covers clock skew. */
    private static final Duration DATA_OUTLIVES_EXPIRY = Duration.ofMinutes(6);

    private static final int BATCH = 500;

    private final ReactiveRedisOperations<String, Object> sessions;
    private final String namespace;
    private final Clock clock;
    private Disposable schedule;

    /**
     * @param sessions the session repository's own operations (its serializers read the ids as it wrote them)
     * @param namespace the session key namespace, e.g. {@code gatehouse:session}
     * @param clock the clock session expiry times are taken from (Spring Session uses the system clock)
     */
    public SessionIndexSweeper(ReactiveRedisOperations<String, Object> sessions, String namespace, Clock clock) {
        this.sessions = sessions;
        this.namespace = namespace.endsWith(":") ? namespace : namespace + ":";
        this.clock = clock;
    }

    /** Sweeps every {@code interval}; a failed sweep (Redis down) is logged and the next one tries again. */
    public void start(Duration interval) {
        schedule = Flux.interval(interval, interval)
                .onBackpressureDrop()
                .concatMap(tick -> sweep().onErrorResume(e -> {
                    log.debug("Session index sweep failed; trying again in {}", interval, e);
                    return Mono.empty();
                }))
                .subscribe(count -> {
                    if (count > 0) {
                        log.debug("Removed the index entries of {} expired sessions", count);
                    }
                });
    }

    /** One pass over sessions that expired long enough ago that their data is gone; the number cleaned up. */
    public Mono<Long> sweep() {
        String expirations = namespace + "sessions:expirations";
        double before = clock.instant().minus(DATA_OUTLIVES_EXPIRY).toEpochMilli();
        return sessions.opsForZSet()
                .rangeByScore(
                        expirations, Range.closed(0d, before), Limit.limit().count(BATCH))
                .map(String::valueOf)
                // A session saved again since has a later score; one whose data still exists is left alone anyway.
                .concatMap(id -> sessions.hasKey(namespace + "sessions:" + id)
                        .flatMap(exists -> exists ? Mono.just(false) : forget(expirations, id)))
                .filter(Boolean::booleanValue)
                .count();
    }

    private Mono<Boolean> forget(String expirations, String id) {
        String ownIndexes = namespace + "sessions:" + id + ":idx";
        return sessions.opsForSet()
                .members(ownIndexes)
                .concatMap(index -> sessions.opsForSet().remove(String.valueOf(index), id))
                .then(sessions.delete(ownIndexes))
                .then(sessions.opsForZSet().remove(expirations, id))
                .thenReturn(true);
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.dispose();
        }
    }
}
