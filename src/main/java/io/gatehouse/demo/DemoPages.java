package io.gatehouse.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Renders the demo site's HTML pages inside one shared layout; every user-controlled value is escaped. */
final class DemoPages {

    private static final DateTimeFormatter SIGN_IN_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Supplier<DemoSettings> settings;

    DemoPages(Supplier<DemoSettings> settings) {
        this.settings = settings;
    }

    /** The headline numbers shown on the dashboard. */
    record Stats(int users, int activeSessions, int ordersToday, int openTickets) {}

    String login(String email, String next, String error) {
        String alert = error == null ? "" : "<p class=\"alert alert-error\" role=\"alert\">" + escape(error) + "</p>";
        String hiddenNext = next == null ? "" : "<input type=\"hidden\" name=\"next\" value=\"" + escape(next) + "\">";
        String content = """
                <section class="card login-card">
                  <h1>Sign in</h1>
                  <p class="muted">Use your company account to access the back office.</p>
                  %s
                  <form method="post" action="/login" class="form">
                    %s
                    <label for="email">Email</label>
                    <input type="email" id="email" name="email" value="%s" autocomplete="username" required autofocus>
                    <label for="password">Password</label>
                    <input type="password" id="password" name="password" autocomplete="current-password" required>
                    <button type="submit" class="button button-primary">Sign in</button>
                  </form>
                  <p class="muted small">Trouble signing in? Contact <a href="mailto:%s">%s</a>.</p>
                </section>
                """.formatted(
                        alert,
                        hiddenNext,
                        escape(email == null ? "" : email),
                        escape(settings.get().supportEmail()),
                        escape(settings.get().supportEmail()));
        return layout("Sign in", Optional.empty(), "", content);
    }

    String dashboard(DemoUser user, Stats stats) {
        String content = """
                <h1>Dashboard</h1>
                <p class="muted">Welcome back, %s.</p>
                <div class="cards">
                  <div class="card stat"><span class="stat-label">Users</span><span class="stat-value">%d</span></div>
                  <div class="card stat"><span class="stat-label">Active sessions</span><span class="stat-value">%d</span></div>
                  <div class="card stat"><span class="stat-label">Orders today</span><span class="stat-value">%d</span></div>
                  <div class="card stat"><span class="stat-label">Open tickets</span><span class="stat-value">%d</span></div>
                </div>
                <section class="card">
                  <h2>Recent activity</h2>
                  <table class="table">
                    <thead><tr><th>When</th><th>Who</th><th>What</th></tr></thead>
                    <tbody>
                      <tr><td>09:42</td><td>carol@example.org</td><td>Refunded order #10482</td></tr>
                      <tr><td>09:17</td><td>bob@example.org</td><td>Updated shipping rates</td></tr>
                      <tr><td>08:55</td><td>alice@example.org</td><td>Exported monthly invoices</td></tr>
                    </tbody>
                  </table>
                </section>
                """.formatted(
                escape(user.name()), stats.users(), stats.activeSessions(), stats.ordersToday(), stats.openTickets());
        return layout("Dashboard", Optional.of(user), "/admin", content);
    }

    String users(DemoUser viewer, List<DemoUser> users, Map<String, Instant> lastSignIn) {
        StringBuilder rows = new StringBuilder();
        for (DemoUser user : users) {
            Instant last = lastSignIn.get(user.email());
            rows.append("<tr><td>")
                    .append(escape(user.name()))
                    .append("</td><td>")
                    .append(escape(user.email()))
                    .append("</td><td><span class=\"badge")
                    .append(user.admin() ? " badge-admin\">Administrator" : "\">Staff")
                    .append("</span></td><td>")
                    .append(last == null ? "&mdash;" : SIGN_IN_TIME.format(last))
                    .append("</td></tr>\n");
        }
        String content = """
                <h1>Users</h1>
                <section class="card">
                  <table class="table">
                    <thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Last sign-in</th></tr></thead>
                    <tbody>
                %s    </tbody>
                  </table>
                </section>
                """.formatted(rows);
        return layout("Users", Optional.of(viewer), "/admin/users", content);
    }

    String settings(DemoUser user, DemoSettings values, boolean saved, List<String> errors) {
        StringBuilder alerts = new StringBuilder();
        if (saved) {
            alerts.append("<p class=\"alert alert-success\" role=\"status\">Settings saved</p>");
        }
        for (String error : errors) {
            alerts.append("<p class=\"alert alert-error\" role=\"alert\">")
                    .append(escape(error))
                    .append("</p>");
        }
        String content = """
                <h1>Settings</h1>
                %s
                <section class="card">
                  <form method="post" action="/admin/settings" class="form">
                    <label for="siteName">Site name</label>
                    <input type="text" id="siteName" name="siteName" value="%s" maxlength="60" required>
                    <label for="supportEmail">Support email</label>
                    <input type="email" id="supportEmail" name="supportEmail" value="%s" maxlength="120" required>
                    <label for="announcement">Announcement banner</label>
                    <textarea id="announcement" name="announcement" rows="2" maxlength="200">%s</textarea>
                    <label class="checkbox"><input type="checkbox" name="allowRegistrations" value="on"%s> Allow self-registration</label>
                    <button type="submit" class="button button-primary">Save settings</button>
                  </form>
                </section>
                """.formatted(
                        alerts,
                        escape(values.siteName()),
                        escape(values.supportEmail()),
                        escape(values.announcement()),
                        values.allowRegistrations() ? " checked" : "");
        return layout("Settings", Optional.of(user), "/admin/settings", content);
    }

    String profile(DemoUser user) {
        String content = """
                <h1>Your profile</h1>
                <div class="profile">
                  <nav class="account-nav" aria-label="Account">
                    <ul>
                      <li><a href="/profile" aria-current="page">Profile</a></li>
                      <li><a href="/logout">Sign out</a></li>
                    </ul>
                  </nav>
                  <section class="card" id="profile-details">
                    <h2>Details</h2>
                    <dl class="details">
                      <dt>Name</dt><dd>%s</dd>
                      <dt>Email</dt><dd>%s</dd>
                      <dt>Role</dt><dd>%s</dd>
                    </dl>
                  </section>
                  <section class="card" id="account-security">
                    <h2>Security</h2>
                    <p class="muted">Your password is managed by the IT department. Contact %s to change it.</p>
                  </section>
                </div>
                """.formatted(
                        escape(user.name()),
                        escape(user.email()),
                        user.admin() ? "Administrator" : "Staff",
                        escape(settings.get().supportEmail()));
        return layout("Profile", Optional.of(user), "/profile", content);
    }

    String publicPage(Optional<DemoUser> user) {
        String content = """
                <section class="card">
                  <h1>About %s</h1>
                  <p>This is the internal back office of Acme Corp: orders, customers and staff accounts.</p>
                  <p>Opening hours of the support desk: Monday to Friday, 08:00&ndash;18:00.</p>
                  <p><a class="button" href="/login">Sign in</a></p>
                </section>
                """.formatted(escape(settings.get().siteName()));
        return layout("About", user, "/public", content);
    }

    String error(Optional<DemoUser> user, String title, String message) {
        String content = """
                <section class="card">
                  <h1>%s</h1>
                  <p>%s</p>
                  <p><a href="/">Back to the start page</a></p>
                </section>
                """.formatted(escape(title), escape(message));
        return layout(title, user, "", content);
    }

    private String layout(String title, Optional<DemoUser> user, String active, String content) {
        DemoSettings site = settings.get();
        String nav = user.map(signedIn -> """
                <nav class="main-nav" aria-label="Main">
                    %s%s%s
                  </nav>
                  <div class="user-menu"><a href="/profile">%s</a> <a href="/logout" class="button button-small">Sign out</a></div>
                """.formatted(
                                link("/admin", "Dashboard", active),
                                link("/admin/users", "Users", active),
                                link("/admin/settings", "Settings", active),
                                escape(signedIn.name())))
                .orElse("""
                <nav class="main-nav" aria-label="Main">
                    %s%s
                  </nav>
                """.formatted(link("/public", "About", active), link("/login", "Sign in", active)));
        String banner = site.announcement().isEmpty()
                ? ""
                : "<div class=\"banner\" role=\"note\">" + escape(site.announcement()) + "</div>";
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>%s &middot; %s</title>
                  <link rel="stylesheet" href="/static/site.css">
                  <link rel="icon" href="/static/logo.svg" type="image/svg+xml">
                </head>
                <body>
                <header class="topbar">
                  <a class="brand" href="/"><img src="/static/logo.svg" alt="" width="28" height="28"> %s</a>
                  %s</header>
                %s
                <main class="container">
                %s</main>
                <footer class="footer">&copy; 2011&ndash;2025 Acme Corp &middot; Back Office 4.2.1</footer>
                </body>
                </html>
                """.formatted(escape(title), escape(site.siteName()), escape(site.siteName()), nav, banner, content);
    }

    private static String link(String href, String label, String active) {
        String current = href.equals(active) ? " aria-current=\"page\"" : "";
        return "<a href=\"" + href + "\"" + current + ">" + label + "</a>";
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
