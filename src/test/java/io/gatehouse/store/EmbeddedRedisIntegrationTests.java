package io.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.gatehouse.GatehouseApplication;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The embedded redis-server as the demo and the tests use it: a real process on a loopback port, its
 * append-only file surviving a restart, and gone once closed (or once its Spring context closes).
 */
class EmbeddedRedisIntegrationTests {

    @TempDir
    Path dataDir;

    @Test
    void startWhenPortZeroThenListensOnAFreeLoopbackPortOnly() throws Exception {
        try (EmbeddedRedisServer server = EmbeddedRedisServer.start(0, dataDir)) {
            assertThat(server.port()).isPositive();
            assertThat(server.isRunning()).isTrue();
            assertThat(accepts(InetAddress.getLoopbackAddress(), server.port())).isTrue();
            String bind = withConnection(
                    server.port(),
                    connection -> connection.serverCommands().getConfig("bind").getProperty("bind"));
            assertThat(bind).isEqualTo("127.0.0.1");

            // All of 127.0.0.0/8 is local on Linux: a server bound to every address would answer here too.
            InetAddress other = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
            try (ServerSocket everywhere = new ServerSocket(0)) {
                assumeThat(accepts(other, everywhere.getLocalPort()))
                        .as("127.0.0.2 is local here")
                        .isTrue();
            }
            assertThat(accepts(other, server.port()))
                    .as("redis reachable on 127.0.0.2")
                    .isFalse();
        }
    }

    @Test
    void restartWhenSameDataDirectoryThenDataSurvives() {
        try (EmbeddedRedisServer server = EmbeddedRedisServer.start(0, dataDir)) {
            withConnection(server.port(), connection -> {
                connection.stringCommands().set(bytes("gatehouse:test:key"), bytes("kept"));
                connection.hashCommands().hSet(bytes("gatehouse:test:hash"), bytes("field"), bytes("value"));
                return null;
            });
        }

        try (EmbeddedRedisServer server = EmbeddedRedisServer.start(0, dataDir)) {
            String value = withConnection(
                    server.port(),
                    connection -> new String(
                            connection.stringCommands().get(bytes("gatehouse:test:key")), StandardCharsets.UTF_8));
            String field = withConnection(
                    server.port(),
                    connection -> new String(
                            connection.hashCommands().hGet(bytes("gatehouse:test:hash"), bytes("field")),
                            StandardCharsets.UTF_8));
            assertThat(value).isEqualTo("kept");
            assertThat(field).isEqualTo("value");
        }
    }

    @Test
    void closeThenProcessStopsAndPortRefusesConnections() throws Exception {
        EmbeddedRedisServer server = EmbeddedRedisServer.start(0, dataDir);
        int port = server.port();
        assertThat(accepts(InetAddress.getLoopbackAddress(), port)).isTrue();

        server.close();

        assertThat(server.isRunning()).isFalse();
        assertThat(accepts(InetAddress.getLoopbackAddress(), port)).isFalse();
        assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> withConnection(port, RedisConnection::ping));
    }

    @Test
    void closeWhenAlreadyClosedThenNothingHappens() {
        EmbeddedRedisServer server = EmbeddedRedisServer.start(0, dataDir);
        server.close();
        server.close();
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void contextCloseWhenEmbeddedRedisThenServerStops() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(
                        GatehouseApplication.class, io.gatehouse.support.IsolatedReactorResources.class)
                .run(
                        "--gatehouse.config=src/test/resources/gatehouse-test.yml",
                        "--gatehouse.upstream.url=http://127.0.0.1:9",
                        "--gatehouse.redis.data-dir=" + dataDir);
        int port;
        try {
            EmbeddedRedisServer server = context.getBean(EmbeddedRedisServer.class);
            port = server.port();
            assertThat(server.dataDir()).isEqualTo(dataDir.toAbsolutePath().normalize());
            assertThat(accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
        } finally {
            context.close();
        }

        assertThat(accepts(InetAddress.getLoopbackAddress(), port)).isFalse();
    }

    private static <T> T withConnection(int port, Function<RedisConnection, T> action) {
        LettuceConnectionFactory factory =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        factory.afterPropertiesSet();
        factory.start();
        try (RedisConnection connection = factory.getConnection()) {
            return action.apply(connection);
        } finally {
            factory.destroy();
        }
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
