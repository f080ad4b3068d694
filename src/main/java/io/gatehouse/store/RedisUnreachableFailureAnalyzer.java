package io.gatehouse.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says plainly that Redis is unreachable at start and what to do about it. */
final class RedisUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<RedisUnreachableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RedisUnreachableException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Gatehouse keeps its secrets and sessions in Redis and does not start without it. Check that"
                        + " Redis runs and that gatehouse.redis.url (or gatehouse.redis.sentinel.* or gatehouse.redis.cluster.nodes)"
                        + " and GATEHOUSE_REDIS_PASSWORD are right, or set gatehouse.redis.embedded: true for a"
                        + " single-node setup.",
                cause);
    }
}
