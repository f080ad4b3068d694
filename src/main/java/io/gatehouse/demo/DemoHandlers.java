package io.gatehouse.demo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** The demo site's page and API handlers, each turning a {@link DemoRequest} into a {@link DemoResponse}. */
final class DemoHandlers {

    private static final String HOME = "/admin";
    private static final String SESSION_COOKIE_ATTRIBUTES = "; Path=/; HttpOnly; SameSite=Lax";
    private static final String INVALID_LOGIN = "Invalid email or password";

    private final List<DemoUser> users;
    private final DemoSessions sessions;
    private final DemoPages pages;
    private final Clock clock;
    private final Instant startedAt;
    private final AtomicReference<DemoSettings> settings = new AtomicReference<>(DemoSettings.defaults());
    private final Map<String, Instant> lastSignIn = new ConcurrentHashMap<>();

    DemoHandlers(List<DemoUser> users, DemoSessions sessions, Clock clock) {
        this.users = List.copyOf(users);
        this.sessions = sessions;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.pages = new DemoPages(settings::get);
    }

    DemoResponse root(DemoRequest request) {
        return DemoResponse.redirect(302, request.user().isPresent() ? HOME : "/login");
    }

    DemoResponse loginForm(DemoRequest request) {
        return DemoResponse.html(200, pages.login("", request.query("next"), null));
    }

    DemoResponse login(DemoRequest request) {
        String email = Optional.ofNullable(request.form("email")).orElse("");
        String password = Optional.ofNullable(request.form("password")).orElse("");
        String next = request.form("next");
        Optional<DemoUser> user = authenticate(email, password);
        if (user.isEmpty()) {
            return DemoResponse.html(200, pages.login(email, next, INVALID_LOGIN));
        }
        // A fresh id at every sign-in, so a session id planted before login is worthless.
        sessions.invalidate(request.sessionId());
        String sessionId = sessions.create(user.get());
        lastSignIn.put(user.get().email(), clock.instant());
        return DemoResponse.redirect(302, safeNext(next))
                .header("Set-Cookie", DemoSessions.COOKIE_NAME + "=" + sessionId + SESSION_COOKIE_ATTRIBUTES);
    }

    DemoResponse logout(DemoRequest request) {
        sessions.invalidate(request.sessionId());
        return DemoResponse.redirect(302, "/login")
                .header(
                        "Set-Cookie",
                        DemoSessions.COOKIE_NAME + "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
                                + SESSION_COOKIE_ATTRIBUTES);
    }

    DemoResponse dashboard(DemoRequest request) {
        return DemoResponse.html(200, pages.dashboard(request.user().orElseThrow(), stats()));
    }

    DemoResponse users(DemoRequest request) {
        return adminOnly(request)
                .orElseGet(() -> DemoResponse.html(
                        200, pages.users(request.user().orElseThrow(), users, Map.copyOf(lastSignIn))));
    }

    DemoResponse settingsForm(DemoRequest request) {
        return adminOnly(request)
                .orElseGet(() -> DemoResponse.html(
                        200,
                        pages.settings(
                                request.user().orElseThrow(),
                                settings.get(),
                                request.query("saved") != null,
                                List.of())));
    }

    DemoResponse saveSettings(DemoRequest request) {
        Optional<DemoResponse> forbidden = adminOnly(request);
        if (forbidden.isPresent()) {
            return forbidden.get();
        }
        DemoSettings submitted = new DemoSettings(
                trimmed(request.form("siteName")),
                trimmed(request.form("supportEmail")),
                trimmed(request.form("announcement")),
                "on".equals(request.form("allowRegistrations")));
        List<String> errors = validate(submitted);
        if (!errors.isEmpty()) {
            return DemoResponse.html(200, pages.settings(request.user().orElseThrow(), submitted, false, errors));
        }
        settings.set(submitted);
        // Post/redirect/get, so reloading the confirmation does not submit the form again.
        return DemoResponse.redirect(303, "/admin/settings?saved=1");
    }

    DemoResponse profile(DemoRequest request) {
        return DemoResponse.html(200, pages.profile(request.user().orElseThrow()));
    }

    DemoResponse publicPage(DemoRequest request) {
        return DemoResponse.html(200, pages.publicPage(request.user()));
    }

    DemoResponse apiMe(DemoRequest request) {
        DemoUser user = request.user().orElseThrow();
        return DemoResponse.json(
                200,
                "{\"email\":" + json(user.email()) + ",\"name\":" + json(user.name()) + ",\"admin\":" + user.admin()
                        + "}");
    }

    DemoResponse apiStats(DemoRequest request) {
        DemoPages.Stats stats = stats();
        long uptime = Duration.between(startedAt, clock.instant()).toSeconds();
        return DemoResponse.json(
                200,
                "{\"users\":" + stats.users() + ",\"activeSessions\":" + stats.activeSessions()
                        + ",\"ordersToday\":" + stats.ordersToday() + ",\"openTickets\":" + stats.openTickets()
                        + ",\"uptimeSeconds\":" + uptime + "}");
    }

    DemoResponse apiEcho(DemoRequest request) {
        if (!request.contentType().startsWith(DemoResponse.JSON)) {
            return DemoResponse.json(
                    415, "{\"error\":\"unsupported_media_type\",\"message\":\"Send application/json\"}");
        }
        return DemoResponse.of(200, DemoResponse.JSON, request.body()).header("Cache-Control", "no-store");
    }

    /** The answer to a protected request without a live session: a login redirect, or 401 JSON for the API. */
    DemoResponse signInRequired(DemoRequest request) {
        if (request.path().startsWith("/api/")) {
            return DemoResponse.json(401, "{\"error\":\"unauthorized\",\"message\":\"Sign in required\"}");
        }
        return DemoResponse.redirect(302, "/login?next=" + URLEncoder.encode(request.target(), StandardCharsets.UTF_8));
    }

    DemoResponse error(DemoRequest request, int status, String title, String message) {
        if (request.path().startsWith("/api/")) {
            return DemoResponse.json(
                    status,
                    "{\"error\":" + json(title.toLowerCase(Locale.ROOT).replace(' ', '_')) + ",\"message\":"
                            + json(message) + "}");
        }
        return DemoResponse.html(status, pages.error(request.user(), title, message));
    }

    /**
     * Where to go after sign-in: the requested same-site path, or the dashboard for anything that could
     * leave the site ({@code //host}, {@code /\host}, absolute URLs) or smuggle header bytes.
     */
    static String safeNext(String next) {
        if (next == null
                || next.length() > 512
                || !next.startsWith("/")
                || next.startsWith("//")
                || next.contains("\\")) {
            return HOME;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return HOME;
            }
        }
        return next;
    }

    private Optional<DemoUser> authenticate(String email, String password) {
        String wanted = email.trim().toLowerCase(Locale.ROOT);
        Optional<DemoUser> user = users.stream()
                .filter(candidate -> candidate.email().equals(wanted))
                .findFirst();
        // Compare even for unknown emails, so timing does not tell which accounts exist.
        byte[] expected = user.map(DemoUser::password).orElse("\u0000unknown").getBytes(StandardCharsets.UTF_8);
        boolean matches = MessageDigest.isEqual(expected, password.getBytes(StandardCharsets.UTF_8));
        return matches ? user : Optional.empty();
    }

    private Optional<DemoResponse> adminOnly(DemoRequest request) {
        if (request.user().map(DemoUser::admin).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(error(request, 403, "Access denied", "This page is for administrators only."));
    }

    private DemoPages.Stats stats() {
        return new DemoPages.Stats(users.size(), sessions.activeCount(), 128, 7);
    }

    private static List<String> validate(DemoSettings submitted) {
        List<String> errors = new ArrayList<>();
        if (submitted.siteName().isEmpty() || submitted.siteName().length() > 60) {
            errors.add("Site name must be between 1 and 60 characters.");
        }
        if (!submitted.supportEmail().matches("[^@\\s]+@[^@\\s]+")
                || submitted.supportEmail().length() > 120) {
            errors.add("Support email must be a valid email address.");
        }
        if (submitted.announcement().length() > 200) {
            errors.add("Announcement must be at most 200 characters.");
        }
        return errors;
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    private static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '<', '>', '&' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
