package io.gatehouse.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LegacyDemoSiteTests {

    private static LegacyDemoSite site;
    private static HttpClient client;

    @BeforeAll
    static void startSite() {
        site = LegacyDemoSite.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @Test
    void startWhenPortZeroThenRealPortIsReadable() {
        assertThat(site.port()).isPositive();
        assertThat(site.users())
                .extracting(DemoUser::email)
                .contains("alice@example.org", "bob@example.org", "carol@example.org");
    }

    @Test
    void loginWhenCredentialsCorrectThenRedirectsToAdminWithSessionCookie() throws Exception {
        HttpResponse<String> response = login(" Alice@Example.org ", "alice-password", null);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/admin");
        assertThat(response.headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(cookie ->
                        assertThat(cookie).matches("LEGACYSESSID=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax"));
    }

    @Test
    void loginWhenPasswordWrongThenFormShowsErrorWithoutCookie() throws Exception {
        HttpResponse<String> response = login("alice@example.org", "wrong", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.body()).contains("Invalid email or password").contains("name=\"password\"");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void loginWhenEmailContainsMarkupThenItIsEscaped() throws Exception {
        HttpResponse<String> response = login("<script>x</script>\"", "wrong", null);

        assertThat(response.body())
                .contains("&lt;script&gt;x&lt;/script&gt;&quot;")
                .doesNotContain("<script>x");
    }

    @Test
    void loginWhenNextIsSameSitePathThenRedirectsThere() throws Exception {
        HttpResponse<String> response = login("bob@example.org", "bob-password", "/profile?tab=1");

        assertThat(response.headers().firstValue("Location")).hasValue("/profile?tab=1");
    }

    @Test
    void loginWhenNextLeavesSiteThenRedirectsToAdmin() throws Exception {
        for (String next : List.of("//evil.example", "https://evil.example/", "/\\evil.example", "/ok\r\nX: y")) {
            HttpResponse<String> response = login("bob@example.org", "bob-password", next);

            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).as(next).hasValue("/admin");
        }
    }

    @Test
    void loginFormWhenNextGivenThenCarriesItEscaped() throws Exception {
        HttpResponse<String> response = get("/login?next=%2Fadmin%22%3E", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("name=\"next\" value=\"/admin&quot;&gt;\"");
    }

    @Test
    void adminWhenNoSessionThenRedirectsToLoginWithNext() throws Exception {
        HttpResponse<String> response = get("/admin", null);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/login?next=%2Fadmin");
    }

    @Test
    void adminWhenUnknownSessionThenRedirectsToLogin() throws Exception {
        HttpResponse<String> response = get("/admin/users?page=2", "LEGACYSESSID=00000000000000000000000000000000");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/login?next=%2Fadmin%2Fusers%3Fpage%3D2");
    }

    @Test
    void adminWhenSignedInThenShowsDashboard() throws Exception {
        String cookie = signIn("alice@example.org", "alice-password");

        HttpResponse<String> response = get("/admin", cookie);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("<h1>Dashboard</h1>")
                .contains("Alice Administrator")
                .contains("Active sessions");
    }

    @Test
    void usersWhenAdminThenListsUsers() throws Exception {
        HttpResponse<String> response = get("/admin/users", signIn("alice@example.org", "alice-password"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("bob@example.org").contains("carol@example.org");
    }

    @Test
    void usersWhenNotAdminThenForbidden() throws Exception {
        HttpResponse<String> response = get("/admin/users", signIn("carol@example.org", "carol-password"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Access denied");
    }

    @Test
    void settingsWhenPostedThenSavedAndShownAfterRedirect() throws Exception {
        String cookie = signIn("alice@example.org", "alice-password");
        String form = "siteName=" + encode("Acme <Ops>") + "&supportEmail=" + encode("ops@example.org")
                + "&announcement=" + encode("Maintenance on Friday") + "&allowRegistrations=on";

        HttpResponse<String> saved = send(HttpRequest.newBuilder(uri("/admin/settings"))
                .header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));

        assertThat(saved.statusCode()).isEqualTo(303);
        String location = saved.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/admin/settings");
        HttpResponse<String> page = get(location, cookie);
        assertThat(page.body())
                .contains("Settings saved")
                .contains("value=\"Acme &lt;Ops&gt;\"")
                .contains("Maintenance on Friday")
                .contains(" checked");
        HttpResponse<String> again = get("/admin/settings", cookie);
        assertThat(again.body()).doesNotContain("Settings saved").contains("ops@example.org");
    }

    @Test
    void settingsWhenInvalidThenFormShowsErrors() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/admin/settings"))
                .header("Cookie", signIn("alice@example.org", "alice-password"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("siteName=&supportEmail=nope")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Site name must be").contains("Support email must be");
    }

    @Test
    void profileWhenSignedInThenShowsUserInAccountNav() throws Exception {
        HttpResponse<String> response = get("/profile", signIn("bob@example.org", "bob-password"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("Bob Builder")
                .contains("bob@example.org")
                .contains("<nav class=\"account-nav\" aria-label=\"Account\">");
    }

    @Test
    void logoutWhenSignedInThenExpiresCookieAndOldSessionStopsWorking() throws Exception {
        String cookie = signIn("bob@example.org", "bob-password");

        HttpResponse<String> response = get("/logout", cookie);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/login");
        assertThat(response.headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(value -> assertThat(value)
                        .startsWith("LEGACYSESSID=;")
                        .contains("Max-Age=0")
                        .contains("Path=/"));
        assertThat(get("/admin", cookie).statusCode()).isEqualTo(302);
        assertThat(get("/api/me", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void logoutWhenPostedThenRedirectsToLogin() throws Exception {
        String cookie = signIn("carol@example.org", "carol-password");

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/logout"))
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(get("/profile", cookie).statusCode()).isEqualTo(302);
    }

    @Test
    void apiMeWhenNoSessionThenUnauthorizedJson() throws Exception {
        HttpResponse<String> response = get("/api/me", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).contains("\"error\":\"unauthorized\"");
    }

    @Test
    void apiMeWhenSignedInThenReturnsUserJson() throws Exception {
        HttpResponse<String> response = get("/api/me", signIn("alice@example.org", "alice-password"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body())
                .isEqualTo("{\"email\":\"alice@example.org\",\"name\":\"Alice Administrator\",\"admin\":true}");
    }

    @Test
    void apiStatsWhenSignedInThenReturnsNumbers() throws Exception {
        HttpResponse<String> response = get("/api/stats", signIn("bob@example.org", "bob-password"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).matches("\\{\"users\":3,\"activeSessions\":\\d+,.*\\}");
    }

    @Test
    void apiEchoWhenSignedInThenReturnsBody() throws Exception {
        String json = "{\"hello\":\"w\u00f6rld\",\"n\":[1,2,3]}";

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/echo"))
                .header("Cookie", signIn("bob@example.org", "bob-password"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(json);
    }

    @Test
    void apiEchoWhenNoSessionThenUnauthorized() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/echo"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void publicAndStaticWhenNoSessionThenServed() throws Exception {
        HttpResponse<String> page = get("/public", null);
        HttpResponse<String> css = get("/static/site.css", null);
        HttpResponse<String> logo = get("/static/logo.svg", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("About");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(css.body()).contains(".topbar");
        assertThat(logo.statusCode()).isEqualTo(200);
        assertThat(logo.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        assertThat(logo.body()).startsWith("<svg");
    }

    @Test
    void rootWhenNoSessionThenRedirectsToLoginAndWhenSignedInToAdmin() throws Exception {
        assertThat(get("/", null).headers().firstValue("Location")).hasValue("/login");
        assertThat(get("/", signIn("bob@example.org", "bob-password")).headers().firstValue("Location"))
                .hasValue("/admin");
    }

    @Test
    void headWhenPageExistsThenHeadersWithoutBody() throws Exception {
        HttpResponse<String> get = get("/public", null);
        HttpResponse<String> head =
                send(HttpRequest.newBuilder(uri("/public")).method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length"))
                .hasValue(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void requestWhenPathUnknownThenNotFoundPage() throws Exception {
        HttpResponse<String> response = get("/nothing-here", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("Page not found");
    }

    @Test
    void requestWhenMethodWrongThenMethodNotAllowed() throws Exception {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(uri("/public")).DELETE());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void closeWhenCalledThenStopsServing() throws Exception {
        LegacyDemoSite other = LegacyDemoSite.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        URI publicPage = URI.create("http://127.0.0.1:" + other.port() + "/public");
        assertThat(client.send(HttpRequest.newBuilder(publicPage).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);

        long started = System.nanoTime();
        other.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        HttpClient fresh =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> fresh.send(
                        HttpRequest.newBuilder(publicPage)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    private static String signIn(String email, String password) throws Exception {
        HttpResponse<String> response = login(email, password, null);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static HttpResponse<String> login(String email, String password, String next) throws Exception {
        String form = "email=" + encode(email) + "&password=" + encode(password)
                + (next == null ? "" : "&next=" + encode(next));
        return send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + site.port() + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
