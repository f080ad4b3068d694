package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoSiteCommandTests {

    @Test
    void parseWhenNoOptionsThenLoopbackOn8081() {
        assertThat(DemoSiteCommand.parse(List.of())).isEqualTo(new DemoSiteCommand.Options("127.0.0.1", 8081));
    }

    @Test
    void parseWhenOptionsWithSpaceOrEqualsThenBoth() {
        assertThat(DemoSiteCommand.parse(List.of("--port", "9000", "--bind", "0.0.0.0")))
                .isEqualTo(new DemoSiteCommand.Options("0.0.0.0", 9000));
        assertThat(DemoSiteCommand.parse(List.of("--bind=::", "--port=0")))
                .isEqualTo(new DemoSiteCommand.Options("::", 0));
    }

    @Test
    void parseWhenOptionWrongThenRefused() {
        assertThatThrownBy(() -> DemoSiteCommand.parse(List.of("--port", "http")))
                .hasMessageContaining("--port must be");
        assertThatThrownBy(() -> DemoSiteCommand.parse(List.of("--port", "70000")))
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> DemoSiteCommand.parse(List.of("--port"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> DemoSiteCommand.parse(List.of("--verbose", "x")))
                .hasMessageContaining("unknown option");
    }

    @Test
    void cliWhenDemoSiteOptionWrongThenUsageAndExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = GatehouseCli.run(
                new String[] {"demo-site", "--port", "nope"},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: gatehouse demo-site");
    }

    @Test
    void isCommandWhenDemoSiteThenTheJarRunsNoGateway() {
        assertThat(GatehouseCli.isCommand(new String[] {"demo-site", "--port", "8081"}))
                .isTrue();
    }

    @Test
    void runWhenStartedThenServesTheLegacySiteUntilStopped() throws Exception {
        PipedLines out = new PipedLines();
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                DemoSiteCommand.run(List.of("--port", "0", "--bind", "127.0.0.1"), out.stream(), System.err, stop));

        int port = out.awaitPort();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI publicPage = URI.create("http://127.0.0.1:" + port + "/public");
        HttpResponse<String> page = client.send(
                HttpRequest.newBuilder(publicPage)
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(out.text()).contains("alice@example.org  password: alice-password");

        stop.countDown();

        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThatThrownBy(() -> HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .build()
                        .send(
                                HttpRequest.newBuilder(publicPage)
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    /** The command's output, read while it runs. */
    private static final class PipedLines {
        private static final Pattern PORT = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        PrintStream stream() {
            return stream;
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        int awaitPort() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                Matcher matcher = PORT.matcher(text());
                if (matcher.find() && text().contains("carol@example.org")) {
                    return Integer.parseInt(matcher.group(1));
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the demo site did not start: " + text());
        }
    }
}
