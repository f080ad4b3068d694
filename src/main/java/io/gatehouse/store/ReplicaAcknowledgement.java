package io.gatehouse.store;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Makes a write wait until replicas hold it ({@code gatehouse.redis.min-replicas-ack}), so that a failover right after
 * cannot silently undo it. Redis's {@code WAIT} only counts the writes of the connection it is sent on, and Gatehouse's
 * writes share one multiplexed connection; so this writes a marker in the same hash slot over a connection of its own
 * and waits for that: replicas apply a master's writes in order, so once they hold the marker they hold everything the
 * master acknowledged before it.
 */
public final class ReplicaAcknowledgement implements AutoCloseable {

    private static final ReplicaAcknowledgement NONE = new ReplicaAcknowledgement(null, 0, Duration.ZERO);

    private final AbstractRedisClient client;
    private final int replicas;
    private final Duration timeout;
    private final AtomicReference<StatefulConnection<String, String>> connection = new AtomicReference<>();

    private ReplicaAcknowledgement(AbstractRedisClient client, int replicas, Duration timeout) {
        this.client = client;
        this.replicas = replicas;
        this.timeout = timeout;
    }

    /** Waits for nothing (the default: replication stays asynchronous). */
    public static ReplicaAcknowledgement none() {
        return NONE;
    }

    /**
     * Waits for {@code replicas} replicas for at most {@code timeout}, over connections from {@code client} (a
     * {@link RedisClient}, also for Sentinel, or a {@link RedisClusterClient}).
     */
    public static ReplicaAcknowledgement of(AbstractRedisClient client, int replicas, Duration timeout) {
        return replicas <= 0 ? NONE : new ReplicaAcknowledgement(client, replicas, timeout);
    }

    /**
     * Completes once enough replicas of the master that owns {@code marker}'s slot hold everything that master
     * acknowledged so far; fails with {@link StoreUnavailableException} when they do not confirm in time.
     */
    Mono<Void> await(String marker) {
        if (replicas == 0) {
            return Mono.empty();
        }
        return RedisErrors.guard(commandsFor(marker)
                        .flatMap(redis -> redis.set(marker, "1", SetArgs.Builder.px(Duration.ofMinutes(1)))
                                .then(redis.waitForReplication(replicas, timeout.toMillis()))))
                .flatMap(acknowledged -> acknowledged >= replicas
                        ? Mono.<Void>empty()
                        : Mono.error(new StoreUnavailableException(new IllegalStateException(acknowledged + " of "
                                + replicas + " replicas confirmed the write within " + timeout))));
    }

    @SuppressWarnings("unchecked")
    private Mono<RedisReactiveCommands<String, String>> commandsFor(String key) {
        if (client instanceof RedisClusterClient cluster) {
            // WAIT must go to the master that took the write: the node serving the marker's slot.
            return connection(() -> cluster.connect(StringCodec.UTF8))
                    .flatMap(open -> {
                        StatefulRedisClusterConnection<String, String> clustered =
                                (StatefulRedisClusterConnection<String, String>) open;
                        String nodeId = clustered
                                .getPartitions()
                                .getMasterBySlot(SlotHash.getSlot(key))
                                .getNodeId();
                        return Mono.fromFuture(
                                clustered.getConnectionAsync(nodeId).toCompletableFuture());
                    })
                    .map(StatefulRedisConnection::reactive);
        }
        return connection(() -> ((RedisClient) client).connect(StringCodec.UTF8))
                .map(open -> ((StatefulRedisConnection<String, String>) open).reactive());
    }

    /** One connection, opened on first use off the event loop (Lettuce reconnects it, following a failover). */
    private Mono<StatefulConnection<String, String>> connection(Supplier<StatefulConnection<String, String>> open) {
        StatefulConnection<String, String> existing = connection.get();
        if (existing != null) {
            return Mono.just(existing);
        }
        return Mono.fromCallable(() -> {
                    StatefulConnection<String, String> opened = open.get();
                    if (connection.compareAndSet(null, opened)) {
                        return opened;
                    }
                    opened.close();
                    return connection.get();
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public void close() {
        StatefulConnection<String, String> open = connection.getAndSet(null);
        if (open != null) {
            open.close();
        }
    }
}
