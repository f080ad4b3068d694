package io.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts Gatehouse as the operator would, in its own JVM, and checks what a failed start looks like:
 * a non-zero exit code and a plain explanation, with no stack trace.
 */
class StartupFailureIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void startWhenConfigurationInvalidThenExitsNonZeroListingEveryProblemWithoutStackTrace() throws Exception {
        Path config = dir.resolve("bad.yml");
        Files.writeString(config, """
                gatehouse:
                  upstream:
                    url: localhost:8081
                    connect-timeout: soon
                  redis:
                    embedded: true
                    url: redis://localhost:6379
                """);

        Result result = run(List.of("--gatehouse.config=" + config), Map.of());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output())
                .contains("APPLICATION FAILED TO START")
                .contains("gatehouse.upstream.url must be an absolute http(s) URL but was 'localhost:8081'")
                .contains("gatehouse.upstream.connect-timeout must be a duration such as 30s, 5m or 1h but was 'soon'")
                .contains("gatehouse.redis.url and gatehouse.redis.embedded: true are both set; choose one")
                .doesNotContain("\tat ");
    }

    @Test
    void startWhenRedisUnreachableThenSaysSoPlainly() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path config = dir.resolve("gatehouse.yml");
        Files.writeString(config, """
                gatehouse:
                  upstream:
                    url: http://127.0.0.1:8081
                  redis:
                    url: redis://:hunter2@127.0.0.1:%d
                    timeout: 1s
                """.formatted(closedPort));

        Result result = run(
                List.of(),
                Map.of(
                        "GATEHOUSE_CONFIG",
                        config.toString(),
                        "GATEHOUSE_SECRET_KEY",
                        "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output())
                .doesNotContain("is not a Gatehouse setting")
                .contains("Cannot reach Redis at redis://***@127.0.0.1:" + closedPort)
                .contains("gatehouse.redis.embedded: true")
                .doesNotContain("hunter2")
                .doesNotContain("\tat ");
    }

    @Test
    void startWhenConfigurationFileMissingThenNamesTheFile() throws Exception {
        Result result = run(List.of("--gatehouse.config=" + dir.resolve("nowhere.yml")), Map.of());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output())
                .contains("nowhere.yml does not exist")
                .contains("GATEHOUSE_CONFIG")
                .doesNotContain("\tat ");
    }

    private Result run(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dserver.port=0",
                "-Dmanagement.server.port=0",
                "io.gatehouse.GatehouseApplication"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("GATEHOUSE_CONFIG");
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Gatehouse did not exit: " + new String(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {}
}
