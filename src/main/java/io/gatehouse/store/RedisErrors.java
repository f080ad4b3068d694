package io.gatehouse.store;

import org.springframework.dao.DataAccessException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Turns every Redis failure into {@link StoreUnavailableException}, so that it can never read as "wrong code". */
public final class RedisErrors {

    private RedisErrors() {}

    /** The same stream, with any Redis failure turned into {@link StoreUnavailableException}. */
    public static <T> Mono<T> guard(Mono<T> mono) {
        return mono.onErrorMap(RedisErrors::isRedisFailure, StoreUnavailableException::new);
    }

    public static <T> Flux<T> guard(Flux<T> flux) {
        return flux.onErrorMap(RedisErrors::isRedisFailure, StoreUnavailableException::new);
    }

    /** Whether {@code error} means Redis could not answer. */
    public static boolean isRedisFailure(Throwable error) {
        // DataAccessException covers Spring's translations (connection failure, timeout, script errors);
        // Lettuce's own RedisException can surface untranslated from the reactive pipeline.
        return error instanceof StoreUnavailableException
                || error instanceof DataAccessException
                || error instanceof io.lettuce.core.RedisException;
    }
}
