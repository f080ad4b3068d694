package io.gatehouse.support;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import redis.embedded.RedisExecProvider;

/**
 * Real {@code redis-server} processes (the binary shipped in {@code org.signal:embedded-redis}) on loopback ports, each
 * with its own data directory under one temporary folder: plain servers, replicas, a Sentinel, a Cluster. Needs only
 * the JDK. {@link #close} stops every process it started and deletes the folder, whatever state the test left.
 */
public final class RedisProcesses implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(20);

    private final Path root;
    private final File executable;
    private final Map<Integer, Process> processes = new LinkedHashMap<>();
    private final RedisClient client = RedisClient.create();

    public RedisProcesses(String name) {
        try {
            root = Files.createTempDirectory("gatehouse-" + name);
            executable = RedisExecProvider.defaultProvider().get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a data node with {@code settings} ("name value" pairs as on the command line); its port. */
    public int server(String... settings) {
        int port = freePort(false);
        Path dir = nodeDir(port);
        List<String> command = new ArrayList<>(List.of(
                executable.getAbsolutePath(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--appendonly",
                "no"));
        for (String setting : settings) {
            String[] parts = setting.split(" ", 2);
            command.add("--" + parts[0]);
            command.addAll(List.of(parts[1].split(" ")));
        }
        return launch(port, command);
    }

    /** Starts a replica of the server on {@code masterPort}. */
    public int replicaOf(int masterPort) {
        return server("replicaof 127.0.0.1 " + masterPort);
    }

    /**
     * Starts one Sentinel watching {@code masterPort} as {@code master}, with quorum 1. Automatic failover waits a
     * minute of silence, so a test decides when it happens ({@link #failover}) instead of racing it.
     */
    public int sentinel(String master, int masterPort) {
        int port = freePort(false);
        Path dir = nodeDir(port);
        Path conf = dir.resolve("sentinel.conf");
        write(
                conf,
                String.join(
                        "\n",
                        "port " + port,
                        "bind 127.0.0.1",
                        "dir " + dir,
                        "sentinel monitor " + master + " 127.0.0.1 " + masterPort + " 1",
                        "sentinel down-after-milliseconds " + master + " 60000",
                        "sentinel failover-timeout " + master + " 10000",
                        ""));
        return launch(port, List.of(executable.getAbsolutePath(), conf.toString(), "--sentinel"));
    }

    /** Starts {@code masters} nodes and joins them into a Cluster with the slots split evenly; their ports. */
    public List<Integer> cluster(int masters) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < masters; i++) {
            int port = freePort(true);
            ports.add(launch(
                    port,
                    List.of(
                            executable.getAbsolutePath(),
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--dir",
                            nodeDir(port).toString(),
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--cluster-enabled",
                            "yes",
                            "--cluster-config-file",
                            "nodes.conf",
                            "--cluster-node-timeout",
                            "2000")));
        }
        for (int i = 0; i < masters; i++) {
            int first = i * 16384 / masters;
            int last = (i + 1) * 16384 / masters - 1;
            int port = ports.get(i);
            run(
                    port,
                    redis -> redis.clusterAddSlots(
                            IntStream.rangeClosed(first, last).toArray()));
            if (i > 0) {
                run(ports.get(0), redis -> redis.clusterMeet("127.0.0.1", port));
            }
        }
        await().atMost(READY)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ports.stream().allMatch(port -> {
                    String info = call(port, RedisCommands::clusterInfo);
                    return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + masters);
                }));
        return ports;
    }

    /** Stops the process on {@code port} at once, as a crash would (SIGKILL). */
    public void kill(int port) {
        Process process = processes.remove(port);
        process.destroyForcibly();
        waitFor(process);
    }

    /** Asks the Sentinel on {@code sentinelPort} to fail {@code master} over now, as if it were down. */
    public void failover(int sentinelPort, String master) {
        try (var connection = client.connectSentinel(uri(sentinelPort))) {
            connection.sync().failover(master);
        }
    }

    /** Whether the Sentinel on {@code sentinelPort} has discovered a replica of {@code master}. */
    public boolean knowsReplicas(int sentinelPort, String master) {
        try (var connection = client.connectSentinel(uri(sentinelPort))) {
            return !connection.sync().replicas(master).isEmpty();
        }
    }

    /** The port of the master the Sentinel on {@code sentinelPort} names now. */
    public int masterPort(int sentinelPort, String master) {
        try (var connection = client.connectSentinel(uri(sentinelPort))) {
            return ((java.net.InetSocketAddress) connection.sync().getMasterAddrByName(master)).getPort();
        }
    }

    /** Runs a command against the node on {@code port} over a short-lived connection. */
    public <T> T call(int port, java.util.function.Function<RedisCommands<String, String>, T> command) {
        try (StatefulRedisConnection<String, String> connection = client.connect(uri(port))) {
            return command.apply(connection.sync());
        }
    }

    /** Like {@link #call}, for commands whose reply does not matter. */
    public void run(int port, java.util.function.Consumer<RedisCommands<String, String>> command) {
        call(port, redis -> {
            command.accept(redis);
            return null;
        });
    }

    /** Stops every process still running and deletes the data directories. */
    @Override
    public void close() {
        processes.values().forEach(Process::destroy);
        processes.values().forEach(RedisProcesses::waitFor);
        processes.clear();
        client.shutdown();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // A leftover temporary folder is harmless.
        }
    }

    private int launch(int port, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(nodeDir(port).resolve("redis.log").toFile());
        try {
            processes.put(port, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(READY)
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> "PONG".equals(call(port, RedisCommands::ping)));
        return port;
    }

    private Path nodeDir(int port) {
        try {
            return Files.createDirectories(root.resolve("node-" + port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RedisURI uri(int port) {
        return RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(port)
                .withTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** A free loopback port; for a Cluster node, one whose bus port (port + 10000) is free too. */
    private static int freePort(boolean withBus) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = bindable(0);
            if (!withBus || port + 10000 <= 65535 && bindable(port + 10000) > 0) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port pair for a Cluster node");
    }

    private static int bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitFor(Process process) {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
