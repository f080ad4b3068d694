package io.gatehouse.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Whether Redis answers, known without asking it on every request: a ping once a second, and any failure
 * seen by a request, mark it down; the next good ping marks it up again. Protected routes are refused while
 * it is down even for browsers that bring no session, so a Redis outage never opens a way around the checks.
 */
public final class StoreHealth implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreHealth.class);

    private final AtomicBoolean up = new AtomicBoolean(true);
    private final Disposable pinger;

    public StoreHealth(ReactiveStringRedisTemplate redis, Duration interval, Duration timeout) {
        this.pinger = Flux.interval(interval)
                .onBackpressureDrop()
                .concatMap(
                        tick -> redis.execute(connection -> connection.ping())
                                .next()
                                .timeout(timeout)
                                .map(pong -> true)
                                .onErrorReturn(false),
                        1)
                .subscribe(this::record);
    }

    public boolean isUp() {
        return up.get();
    }

    /** A request saw Redis fail. */
    public void markDown() {
        if (up.compareAndSet(true, false)) {
            log.error("Redis is unavailable: protected routes answer 503 until it is back");
        }
    }

    private void record(boolean answered) {
        if (answered) {
            if (up.compareAndSet(false, true)) {
                log.info("Redis is available again");
            }
        } else {
            markDown();
        }
    }

    /** Passes a Redis failure on as {@link StoreUnavailableException}, noting that Redis is down. */
    public <T> Mono<T> guard(Mono<T> mono) {
        return RedisErrors.guard(mono).doOnError(StoreUnavailableException.class, error -> markDown());
    }

    @Override
    public void close() {
        pinger.dispose();
    }
}
