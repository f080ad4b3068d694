package io.gatehouse.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A small legacy-style admin web site on the JDK's HTTP server, the stand-in for the unchanged application
 * that Gatehouse protects in the demo.
 */
public final class LegacyDemoSite implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LegacyDemoSite.class.getName());
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    private static final List<DemoUser> USERS = List.of(
            new DemoUser("alice@example.org", "alice-password", "Alice Administrator", true),
            new DemoUser("bob@example.org", "bob-password", "Bob Builder", false),
            new DemoUser("carol@example.org", "carol-password", "Carol Clerk", false));

    /** A handler for one path and method. */
    private interface Handler {
        DemoResponse handle(DemoRequest request);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final DemoSessions sessions;
    private final DemoHandlers handlers;
    private final Map<String, Map<String, Handler>> routes = new HashMap<>();

    private LegacyDemoSite(HttpServer server, ExecutorService executor, Clock clock, SecureRandom random) {
        this.server = server;
        this.executor = executor;
        this.sessions = new DemoSessions(clock, random, IDLE_TIMEOUT);
        this.handlers = new DemoHandlers(USERS, sessions, clock);
        route("/", "GET", handlers::root);
        route("/login", "GET", handlers::loginForm);
        route("/login", "POST", handlers::login);
        route("/logout", "GET", handlers::logout);
        route("/logout", "POST", handlers::logout);
        route("/admin", "GET", handlers::dashboard);
        route("/admin/users", "GET", handlers::users);
        route("/admin/settings", "GET", handlers::settingsForm);
        route("/admin/settings", "POST", handlers::saveSettings);
        route("/profile", "GET", handlers::profile);
        route("/public", "GET", handlers::publicPage);
        route("/api/me", "GET", handlers::apiMe);
        route("/api/stats", "GET", handlers::apiStats);
        route("/api/echo", "POST", handlers::apiEcho);
        asset("site.css", "text/css; charset=utf-8");
        asset("logo.svg", "image/svg+xml");
    }

    /** Starts serving on {@code address}; port 0 picks a free port, readable from {@link #port()}. */
    public static LegacyDemoSite start(InetSocketAddress address) {
        ExecutorService executor = Executors.newFixedThreadPool(4, daemonThreads());
        try {
            HttpServer server = HttpServer.create(address, 50);
            LegacyDemoSite site = new LegacyDemoSite(server, executor, Clock.systemUTC(), new SecureRandom());
            server.createContext("/", site::serve);
            server.setExecutor(executor);
            server.start();
            return site;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("The demo site cannot listen on " + address, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<DemoUser> users() {
        return USERS;
    }

    /** Stops at once, without waiting for exchanges in progress. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void route(String path, String method, Handler handler) {
        routes.computeIfAbsent(path, key -> new LinkedHashMap<>()).put(method, handler);
    }

    private void asset(String name, String contentType) {
        byte[] bytes;
        try (InputStream in = LegacyDemoSite.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing demo asset " + name);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        route(
                "/static/" + name,
                "GET",
                request -> DemoResponse.of(200, contentType, bytes).header("Cache-Control", "public, max-age=3600"));
    }

    private void serve(HttpExchange exchange) {
        try {
            DemoResponse response;
            try {
                response = respond(exchange);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Demo site failed on " + exchange.getRequestURI(), e);
                response = DemoResponse.html(500, "<!DOCTYPE html><title>Server error</title><h1>Server error</h1>");
            }
            write(exchange, response);
        } catch (IOException clientGone) {
            LOG.log(Level.FINE, "Demo site client went away", clientGone);
        } finally {
            exchange.close();
        }
    }

    private DemoResponse respond(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        String sessionId = null;
        DemoUser user = null;
        for (String candidate : DemoRequest.cookies(exchange.getRequestHeaders(), DemoSessions.COOKIE_NAME)) {
            user = sessions.find(candidate).orElse(null);
            if (user != null) {
                sessionId = candidate;
                break;
            }
        }
        DemoRequest request = new DemoRequest(
                method,
                path,
                exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(),
                body,
                sessionId,
                user);
        if (body.length > MAX_BODY_BYTES) {
            return handlers.error(request, 413, "Request too large", "The request body is too large.");
        }
        if (requiresSignIn(path) && user == null) {
            return handlers.signInRequired(request);
        }
        Map<String, Handler> byMethod = routes.get(path);
        if (byMethod == null) {
            return handlers.error(request, 404, "Page not found", "There is no page at " + path + ".");
        }
        Handler handler = byMethod.get("HEAD".equals(method) ? "GET" : method);
        if (handler == null) {
            TreeSet<String> allowed = new TreeSet<>(byMethod.keySet());
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            return handlers.error(request, 405, "Method not allowed", method + " is not allowed here.")
                    .header("Allow", String.join(", ", allowed));
        }
        return handler.handle(request);
    }

    private static boolean requiresSignIn(String path) {
        return path.equals("/admin")
                || path.startsWith("/admin/")
                || path.equals("/profile")
                || path.startsWith("/profile/")
                || path.startsWith("/api/");
    }

    private static void write(HttpExchange exchange, DemoResponse response) throws IOException {
        response.headers().forEach(header -> exchange.getResponseHeaders().add(header.getKey(), header.getValue()));
        byte[] body = response.body();
        if ("HEAD".equals(exchange.getRequestMethod())) {
            // The JDK server sends no length for HEAD; a real server reports the length GET would have.
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "legacy-demo-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
