package io.gatehouse.store;

import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Helpers for running Lua scripts whose replies are arrays of integers. */
final class Scripts {

    private Scripts() {}

    @SuppressWarnings({"rawtypes", "unchecked"})
    static RedisScript<List<Long>> longs(String lua) {
        return (RedisScript) RedisScript.of(lua, List.class);
    }

    /** Collects a script reply whether the driver emits the array as one list or element by element. */
    static Mono<List<Long>> collect(Flux<?> reply) {
        return reply.collectList().map(items -> {
            List<Long> out = new ArrayList<>();
            for (Object item : items) {
                if (item instanceof List<?> list) {
                    list.forEach(element -> out.add(((Number) element).longValue()));
                } else {
                    out.add(((Number) item).longValue());
                }
            }
            return out;
        });
    }
}
