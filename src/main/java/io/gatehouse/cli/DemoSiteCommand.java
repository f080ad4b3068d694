package io.gatehouse.cli;

import io.gatehouse.demo.DemoUser;
import io.gatehouse.demo.LegacyDemoSite;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code gatehouse demo-site [--port 8081] [--bind 127.0.0.1]}: only the bundled legacy demo site, without
 * Gatehouse, Spring or Redis, until the process is stopped; for setups where Gatehouse runs elsewhere (the
 * docker-compose file's {@code demo-site} service).
 */
final class DemoSiteCommand {

    static final int DEFAULT_PORT = 8081;
    static final String DEFAULT_BIND = "127.0.0.1";

    /** Where the site listens. */
    record Options(String bind, int port) {}

    private DemoSiteCommand() {}

    /** {@code --port N} and {@code --bind ADDRESS}, also as {@code --port=N}; anything else is refused. */
    static Options parse(List<String> args) {
        String bind = DEFAULT_BIND;
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            switch (name) {
                case "--port" -> port = port(value);
                case "--bind" -> {
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("--bind needs an address");
                    }
                    bind = value;
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new Options(bind, port);
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535 but was '" + value + "'");
    }

    /** Serves until {@code stop} is counted down; returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err, CountDownLatch stop) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("Usage: gatehouse demo-site [--port " + DEFAULT_PORT + "] [--bind " + DEFAULT_BIND + "]");
            return GatehouseCli.USAGE;
        }
        LegacyDemoSite site;
        try {
            site = LegacyDemoSite.start(new InetSocketAddress(options.bind(), options.port()));
        } catch (UncheckedIOException e) {
            err.println(e.getMessage() + ": " + e.getCause().getMessage());
            return GatehouseCli.PROBLEM;
        }
        try (site) {
            out.println(
                    "Legacy demo site (no Gatehouse in front) on http://" + options.bind() + ":" + site.port() + "/");
            out.println("Accounts:");
            for (DemoUser user : site.users()) {
                out.println("  " + user.email() + "  password: " + user.password()
                        + (user.admin() ? "  (site administrator)" : ""));
            }
            out.flush();
            stop.await();
            return GatehouseCli.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return GatehouseCli.OK;
        }
    }

    /** Serves until the process is stopped (Ctrl+C, SIGTERM). */
    static int runUntilStopped(List<String> args, PrintStream out, PrintStream err) {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "demo-site-stop"));
        return run(args, out, err, stop);
    }
}
