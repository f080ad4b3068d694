package io.gatehouse.realapps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real, unchanged application installed from Debian, run on a free loopback port in a private temporary directory by
 * the test class that registers it (a JUnit extension), stopped after that class. What it logs goes to one file the
 * tests read as the oracle of what reached it.
 */
abstract class RealApp implements AfterAllCallback, AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private Path home;
    private int port;

    /** The Debian package that ships this application, named in the failure when it is not installed. */
    abstract String debianPackage();

    /** Prepares {@code home} (configuration, users, data) and starts the application on {@code port}. */
    abstract void launch(Path home, int port) throws IOException;

    /** A path that answers (any status below 500) once the application serves requests. */
    abstract String readyPath();

    /** The administrator the application was set up with. */
    abstract String adminUser();

    abstract String adminPassword();

    /** A second user of the application, who is Gatehouse's administrator in the tests. */
    abstract String otherUser();

    abstract String otherPassword();

    /** A third user, the victim of the attack tests: only they (and the attacker) know the password. */
    final String victimUser() {
        return "carol";
    }

    final String victimPassword() {
        return "carol-" + getClass().getSimpleName() + "-pw-3";
    }

    /** Text that only the application's signed-in pages contain: the oracle of a sign-in. */
    abstract String signedInMarker();

    /** Starts the application and waits until it serves requests; fails with the log when it does not in time. */
    final RealApp started() {
        try {
            home = Files.createTempDirectory(
                    "gatehouse-" + getClass().getSimpleName().toLowerCase() + "-");
            port = freePort();
            launch(home, port);
            waitUntilReady();
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    final String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    final int port() {
        return port;
    }

    final Path home() {
        return home;
    }

    /** The application's log of every request it received, as it wrote it; its console output unless it has one. */
    Path log() {
        return console();
    }

    /** What the application's processes print. */
    final Path console() {
        return home.resolve("console.log");
    }

    /** The lines of {@link #log()} so far. */
    final List<String> logLines() {
        return lines(log());
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails unless {@code file} exists, naming the Debian package {@code .ci/run} must install. */
    final void require(Path file) {
        require(file, debianPackage());
    }

    static void require(Path file, String debianPackage) {
        if (!Files.exists(file)) {
            throw new AssertionError(file + " is missing: the Debian package '" + debianPackage
                    + "' must be installed (add it to APT_PACKAGES in .ci/run)");
        }
    }

    /** Runs a setup command to its end and returns its output; fails with that output when it fails. */
    final String run(Map<String, String> environment, Path directory, String... command) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a long-running process of the application, its output appended to {@link #console()}. */
    final Process spawn(Map<String, String> environment, Path directory, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console().toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        // A test JVM that is killed (a CI time limit) must not leave the application running on the machine.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }));
        return process;
    }

    /** A GET straight to the application (not through Gatehouse), for readiness and the attack oracles. */
    final HttpResponse<String> direct(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build());
    }

    final HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void waitUntilReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new AssertionError(getClass().getSimpleName() + " exited with " + process.exitValue() + ":\n"
                            + String.join("\n", lines(console())));
                }
            }
            try {
                if (direct(readyPath()).statusCode() < 500) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // Not listening yet.
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(getClass().getSimpleName() + " did not answer " + readyPath() + " within "
                + READY_TIMEOUT + ":\n" + String.join("\n", lines(console())));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Stops every process (and its children) and deletes the temporary directory. */
    @Override
    public void close() {
        for (Process process : processes) {
            Stream.concat(process.descendants(), Stream.of(process.toHandle())).forEach(ProcessHandle::destroy);
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        if (home != null && !Boolean.getBoolean("gatehouse.realapps.keep")) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // A leftover temporary directory is harmless.
            }
        }
    }
}
