package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.embedded.RedisServer;

/**
 * The command is found wherever the options stand, and a command never starts a gateway: every command runs with its
 * options before and after it while the configured public and management ports are held (as by a running gateway,
 * which would make a second one fail to start), against a real redis-server, and {@code policy check} runs with only
 * the configuration file: no {@code GATEHOUSE_SECRET_KEY}, no reachable Redis. Two runs go through the real
 * {@code main} in a separate JVM.
 */
class CommandLineDispatchIntegrationTests {

    @TempDir
    static Path dir;

    static RedisServer redis;
    static ServerSocket gatewayPort;
    static ServerSocket managementPort;
    static Path adminConfig;
    static Path policyOnlyConfig;
    static Path embeddedConfig;

    @BeforeAll
    static void startRedisAndHoldPorts() throws Exception {
        int redisPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            redisPort = socket.getLocalPort();
        }
        redis = RedisServer.builder()
                .port(redisPort)
                .setting("bind 127.0.0.1")
                .setting("appendonly no")
                .setting("save \"\"")
                .build();
        redis.start();
        gatewayPort = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        managementPort = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        String ports = """
                server:
                  port: %d
                management:
                  server:
                    port: %d
                """.formatted(gatewayPort.getLocalPort(), managementPort.getLocalPort());
        String policy = """
                  policy:
                    default: required
                    rules:
                      - name: assets
                        paths: [/static/**]
                        policy: bypass
                """;
        adminConfig = Files.writeString(
                dir.resolve("admin.yml"),
                ports + """
                gatehouse:
                  upstream:
                    url: http://127.0.0.1:9
                  redis:
                    url: redis://127.0.0.1:%d
                    timeout: 2s
                """.formatted(redisPort) + policy
                        + "GATEHOUSE_SECRET_KEY: MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        policyOnlyConfig = Files.writeString(dir.resolve("policy-only.yml"), ports + """
                gatehouse:
                  upstream:
                    url: http://127.0.0.1:9
                  redis:
                    url: redis://127.0.0.1:%d
                """.formatted(closed) + policy);
        embeddedConfig = Files.writeString(
                dir.resolve("embedded.yml"), ports + """
                gatehouse:
                  upstream:
                    url: http://127.0.0.1:9
                  redis:
                    embedded: true
                    data-dir: %s
                """.formatted(dir.resolve("redis-data")) + policy);
    }

    @AfterAll
    static void stop() throws Exception {
        redis.stop();
        gatewayPort.close();
        managementPort.close();
    }

    static Stream<Arguments> commands() {
        List<Arguments> cases = new ArrayList<>();
        List<List<String>> commands = List.of(
                List.of("policy", "check", "GET", "/admin/users", "alice@example.org"),
                List.of("admin", "require-enrollment", "erin@example.org"),
                List.of("admin", "status", "erin@example.org"),
                List.of("admin", "unlock", "erin@example.org"),
                List.of("admin", "sessions", "revoke", "erin@example.org"),
                List.of("admin", "disable-2fa", "erin@example.org"),
                List.of("secrets", "rotate"),
                List.of("help"));
        List<String> expected = List.of(
                "Decision: required",
                "",
                "2FA:",
                "was not locked",
                "0 sessions",
                "erin@example.org",
                "Re-encrypted",
                "Usage:");
        for (int i = 0; i < commands.size(); i++) {
            cases.add(Arguments.of("options first", commands.get(i), expected.get(i), true));
            cases.add(Arguments.of("options last", commands.get(i), expected.get(i), false));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1}, {0}")
    @MethodSource("commands")
    void commandWhenOptionsBeforeOrAfterThenRunsWithoutAGateway(
            String order, List<String> command, String output, boolean optionsFirst) {
        List<String> options = List.of(
                "--gatehouse.config=" + (command.get(0).equals("policy") ? policyOnlyConfig : adminConfig),
                "--gatehouse.upstream.username-case=lower");
        List<String> args = new ArrayList<>(optionsFirst ? options : command);
        args.addAll(optionsFirst ? command : options);
        String[] argv = args.toArray(String[]::new);

        assertThat(GatehouseCli.isCommand(argv)).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GatehouseCli.run(
                argv,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(output);
    }

    @Test
    void isCommandWhenOnlyOptionsThenGateway() {
        assertThat(GatehouseCli.isCommand(new String[] {"--gatehouse.config=/etc/g.yml", "--server.port=8080"}))
                .isFalse();
        assertThat(GatehouseCli.isCommand(new String[0])).isFalse();
        assertThat(GatehouseCli.isCommand(new String[] {"--gatehouse.config=/etc/g.yml", "admn"}))
                .isTrue();
        assertThat(GatehouseCli.isCommand(new String[] {"--help"})).isTrue();
    }

    @Test
    void mainWhenOptionsFirstAndNoSecretKeyThenPolicyCheckRunsAndExits() throws Exception {
        Result result = main("--gatehouse.config=" + policyOnlyConfig, "policy", "check", "GET", "/static/app.css");

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(result.output()).contains("Decision: bypass").doesNotContain("GATEHOUSE_SECRET_KEY");
    }

    @Test
    void mainWhenOptionsFirstAndRedisEmbeddedThenAdminCommandRefusesWithoutStartingAnything() throws Exception {
        Result result = main("--gatehouse.config=" + embeddedConfig, "admin", "disable-2fa", "alice@example.org");

        assertThat(result.code()).as(result.output()).isEqualTo(3);
        assertThat(result.output()).contains("gatehouse.redis.embedded is true");
        assertThat(dir.resolve("redis-data")).doesNotExist();
    }

    private record Result(int code, String output) {}

    /** Runs the jar's entry point in a new JVM without GATEHOUSE_SECRET_KEY; a gateway started by mistake times out. */
    private static Result main(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.gatehouse.GatehouseApplication"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "cli", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("GATEHOUSE_CONFIG");
        builder.environment().remove("GATEHOUSE_SECRET_KEY");
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the command did not exit (a gateway?): " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }
}
