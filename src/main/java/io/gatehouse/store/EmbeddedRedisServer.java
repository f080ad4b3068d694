package io.gatehouse.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The real {@code redis-server} binary shipped in {@code org.signal:embedded-redis}, run as a child
 * process on a loopback port with its append-only file in a data directory, so data survives a restart.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    private final RedisServer server;
    private final int port;
    private final Path dataDir;

    private EmbeddedRedisServer(RedisServer server, int port, Path dataDir) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts a server on {@code port} (0 picks a free one) keeping its data in {@code dataDir}. */
    public static EmbeddedRedisServer start(int port, Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the embedded Redis data directory " + dir, e);
        }
        int chosen = port == 0 ? freeLoopbackPort() : port;
        RedisServer server = RedisServer.builder()
                .port(chosen)
                .setting("bind 127.0.0.1")
                .setting("protected-mode yes")
                .setting("dir " + dir)
                .setting("appendonly yes")
                .setting("appendfsync everysec")
                .setting("save \"\"")
                .setting("daemonize no")
                .build();
        server.start();
        log.info("Embedded Redis started on 127.0.0.1:{} with data in {}", chosen, dir);
        return new EmbeddedRedisServer(server, chosen, dir);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isRunning() {
        return server.isActive();
    }

    /** Stops the server; redis-server flushes its append-only file on the way out. */
    @Override
    public void close() {
        if (server.isActive()) {
            server.stop();
            log.info("Embedded Redis on port {} stopped", port);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port for the embedded Redis", e);
        }
    }
}
