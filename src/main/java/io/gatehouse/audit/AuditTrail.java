package io.gatehouse.audit;

import io.gatehouse.store.RedisErrors;
import io.gatehouse.store.RedisKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Writes each {@link AuditEvent} as one JSON line to the {@code gatehouse.audit} logger and to a capped Redis
 * stream, and reads the recent ones back for the admin console. A failed stream write is logged, never thrown:
 * the action it records has happened and the log line has it.
 */
public final class AuditTrail {

    /** The dedicated logger; route it to its own file or collector in the logging configuration. */
    public static final String LOGGER = "gatehouse.audit";

    private static final Logger audit = LoggerFactory.getLogger(LOGGER);
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final String FIELD = "event";
    private static final int SCAN_FOR_FILTER = 2000;

    private static final RedisScript<String> ADD = RedisScript.of(
            "return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'event', ARGV[2], 'user', ARGV[3],"
                    + " 'type', ARGV[4], 'actor', ARGV[5])",
            String.class);

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;
    private final long maxEvents;

    public AuditTrail(ReactiveStringRedisTemplate redis, RedisKeys keys, long maxEvents) {
        this.redis = redis;
        this.keys = keys;
        this.maxEvents = maxEvents;
    }

    public Mono<Void> record(AuditEvent event) {
        String json = event.toJson();
        audit.info(json);
        return redis.execute(
                        ADD,
                        List.of(keys.auditStream()),
                        List.of(
                                Long.toString(maxEvents),
                                json,
                                orEmpty(event.user()),
                                orEmpty(event.type()),
                                orEmpty(event.actor())))
                .then()
                .onErrorResume(error -> {
                    log.warn("audit event not stored in Redis (it is in the log): {}", error.toString());
                    return Mono.empty();
                });
    }

    /** The newest events first, at most {@code limit}; only {@code user}'s when it is not blank. */
    public Mono<List<Map<String, String>>> recent(String user, int limit) {
        boolean filtered = user != null && !user.isBlank();
        return RedisErrors.guard(redis.<String, String>opsForStream()
                .reverseRange(
                        keys.auditStream(), Range.unbounded(), Limit.limit().count(filtered ? SCAN_FOR_FILTER : limit))
                .filter(entry -> !filtered || user.equals(entry.getValue().get("user")))
                .take(limit)
                .map(AuditTrail::fields)
                .collectList());
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** One stream entry as the console shows it: at, type, user, actor and the full JSON. */
    private static Map<String, String> fields(MapRecord<String, String, String> entry) {
        Map<String, String> out = new HashMap<>();
        out.put("id", entry.getId().getValue());
        out.put("json", orEmpty(entry.getValue().get(FIELD)));
        out.put("user", orEmpty(entry.getValue().get("user")));
        out.put("type", orEmpty(entry.getValue().get("type")));
        out.put("actor", orEmpty(entry.getValue().get("actor")));
        long millis = Long.parseLong(entry.getId().getValue().split("-")[0]);
        out.put("at", Instant.ofEpochMilli(millis).toString());
        return out;
    }
}
