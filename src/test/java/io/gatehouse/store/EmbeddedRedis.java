package io.gatehouse.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import redis.embedded.RedisServer;

/** A real redis-server on a free loopback port, and a Lettuce template over it, for one test class. */
final class EmbeddedRedis {

    private final RedisServer server;
    private final LettuceConnectionFactory factory;
    private final ReactiveStringRedisTemplate template;

    private EmbeddedRedis(RedisServer server, LettuceConnectionFactory factory) {
        this.server = server;
        this.factory = factory;
        this.template = new ReactiveStringRedisTemplate(factory);
    }

    static EmbeddedRedis start() throws IOException {
        int port = freePort();
        RedisServer server = RedisServer.builder()
                .port(port)
                .setting("bind 127.0.0.1")
                .setting("appendonly no")
                .setting("save \"\"")
                .build();
        server.start();
        return new EmbeddedRedis(server, connect(port, Duration.ofSeconds(2)));
    }

    /** A template on a port where nothing listens, failing fast, to test Redis being down. */
    static LettuceConnectionFactory unreachable() throws IOException {
        return connect(freePort(), Duration.ofMillis(500));
    }

    private static LettuceConnectionFactory connect(int port, Duration timeout) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder().commandTimeout(timeout).build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    ReactiveStringRedisTemplate template() {
        return template;
    }

    void flushAll() {
        template.execute(connection -> connection.serverCommands().flushAll()).blockLast();
    }

    void stop() {
        factory.destroy();
        if (server.isActive()) {
            server.stop();
        }
    }

    /** Stops redis-server but keeps the client, as when Redis goes away under a running gateway. */
    void stopServerOnly() {
        server.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A clock tests move by hand instead of sleeping. */
    static final class MutableClock extends Clock {

        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
