package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.FixedClockConfiguration;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.RawHttp;
import io.gatehouse.support.TestBrowser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Forward-auth mode behind a real nginx (Debian's {@code /usr/sbin/nginx}) running the example configuration
 * {@code deploy/forward-auth/nginx-gatehouse.conf}: nginx asks {@code /_gatehouse/verify} before each request to a
 * WireMock app, and sends the login and Gatehouse's pages to Gatehouse. Skipped where nginx is not installed.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.forward-auth.enabled=true",
            "gatehouse.forward-auth.proxy=nginx",
            "gatehouse.server.hosts=localhost"
        })
@Import(FixedClockConfiguration.class)
class NginxForwardAuthIntegrationTests {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path EXAMPLE = Path.of("deploy/forward-auth/nginx-gatehouse.conf");

    static final WireMockServer upstream = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());

    static Process nginx;
    static Path prefix;
    static int nginxPort;

    @BeforeAll
    static void requireNginx() {
        Assumptions.assumeTrue(
                Files.isExecutable(NGINX),
                "nginx forward-auth tests skipped: /usr/sbin/nginx is not installed (apt-get install nginx)");
        upstream.start();
    }

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.upstream.url", upstream::baseUrl);
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.destroy();
        }
        upstream.stop();
    }

    @LocalServerPort
    int gatehousePort;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void setUp() throws Exception {
        if (nginx == null) {
            startNginx(gatehousePort, upstream.port());
        }
        upstream.resetAll();
        LegacySiteStubs.formLogin(upstream);
        clock.advance(Duration.ofMinutes(10));
    }

    @Test
    void requestWhenAnonymousThenSentToTheLoginAndAppNeverAsked() {
        TestBrowser.Page admin = new TestBrowser(nginxPort).get("/admin");

        assertThat(admin.status()).isEqualTo(302);
        assertThat(admin.location()).endsWith("/login");
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin")));
    }

    @Test
    void journeyWhenLoginAndEnrollmentThroughGatehouseThenAppReachedThroughNginxWithIdentity() {
        TestBrowser browser = new TestBrowser(nginxPort);
        String alice = "alice-" + UUID.randomUUID() + "@example.org";

        // nginx makes same-origin redirects absolute (http://localhost:port/...).
        assertThat(browser.postForm("/login", "email", alice, "password", "right")
                        .location())
                .endsWith("/_gatehouse/enroll");
        assertThat(browser.everySetCookie()).noneMatch(cookie -> cookie.startsWith("LEGACYSESSID"));
        TestBrowser.Page early = browser.get("/admin");
        assertThat(early.status()).isEqualTo(302);
        assertThat(early.location()).endsWith("/_gatehouse/enroll");
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin")));

        TestBrowser.Page enroll = browser.get("/_gatehouse/enroll");
        Authenticator app = Authenticator.scan(enroll.body(), clock);
        TestBrowser.Page activated = browser.postForm(
                "/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", app.code(0));
        assertThat(activated.setCookies()).anyMatch(cookie -> cookie.startsWith("LEGACYSESSID=alice-session"));

        TestBrowser.Page admin = browser.get("/admin", headers -> {
            headers.set("X-Gatehouse-User", "root@example.org");
        });
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body()).contains("Admin dashboard");
        upstream.verify(
                1,
                getRequestedFor(urlPathEqualTo("/admin"))
                        .withCookie("LEGACYSESSID", equalTo("alice-session"))
                        .withHeader("X-Gatehouse-User", equalTo(alice))
                        .withHeader("X-Gatehouse-Auth", equalTo("totp")));
    }

    @Test
    void requestWhenUpstreamCookieNotReleasedByGatehouseThenRefusedAndExpired() {
        TestBrowser thief = new TestBrowser(nginxPort);
        thief.setCookie("LEGACYSESSID", "alice-session");

        TestBrowser.Page refused = thief.get("/admin");

        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.location()).endsWith("/login");
        assertThat(refused.setCookies()).anyMatch(cookie -> cookie.startsWith("LEGACYSESSID=;"));
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin")));
    }

    @Test
    void verifyWhenAskedDirectlyInRedirectModeOrTargetAmbiguousThenRedirectOrRefuse() {
        TestBrowser browser = new TestBrowser(gatehousePort);
        browser.setCookie("LEGACYSESSID", "alice-session");

        TestBrowser.Page redirect = browser.get("/_gatehouse/verify?mode=redirect", headers -> {
            headers.set("X-Original-URI", "/admin");
            headers.set("X-Original-Method", "GET");
        });
        TestBrowser.Page ambiguous = new TestBrowser(gatehousePort).get("/_gatehouse/verify", headers -> {
            headers.set("X-Original-URI", "/public/..;/admin");
            headers.set("X-Original-Method", "GET");
        });
        TestBrowser.Page unnamed = new TestBrowser(gatehousePort).get("/_gatehouse/verify");

        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.location()).isEqualTo("/login");
        assertThat(ambiguous.status()).isEqualTo(403);
        assertThat(unnamed.status()).isEqualTo(403);
    }

    @Test
    void verifyWhenAskedDirectlyWithTraefikFamilyThenRefused() {
        TestBrowser.Page forwarded = new TestBrowser(gatehousePort).get("/_gatehouse/verify", headers -> {
            headers.set("X-Original-URI", "/public/page");
            headers.set("X-Original-Method", "GET");
            headers.set("X-Forwarded-Uri", "/admin");
        });
        TestBrowser.Page forwardedHost = new TestBrowser(gatehousePort).get("/_gatehouse/verify", headers -> {
            headers.set("X-Original-URI", "/public/page");
            headers.set("X-Original-Method", "GET");
            headers.set("X-Forwarded-Host", "internal.example.org");
        });

        assertThat(forwarded.status()).isEqualTo(403);
        assertThat(forwardedHost.status()).isEqualTo(403);
    }

    @Test
    void requestWhenClientSendsBothHeaderFamiliesThroughNginxThenJudgedAsTheRequestNginxSaw() {
        TestBrowser thief = new TestBrowser(nginxPort);
        thief.setCookie("LEGACYSESSID", "alice-session");

        TestBrowser.Page refused = thief.get("/admin", headers -> {
            headers.set("X-Original-URI", "/login");
            headers.set("X-Original-Method", "POST");
            headers.set("X-Forwarded-Uri", "/login");
            headers.set("X-Forwarded-Method", "POST");
            headers.set("X-Forwarded-Host", "internal.example.org");
        });

        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.location()).endsWith("/login");
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin")));
    }

    @Test
    void requestWhenHostNotServedThenRefusedThroughVerifyAndInProxyMode() {
        RawHttp.Response app = RawHttp.send(
                nginxPort, RawHttp.request("GET /admin HTTP/1.1", "Host: evil.example", "Accept: text/html"));
        RawHttp.Response login = RawHttp.send(
                nginxPort, RawHttp.request("GET /login HTTP/1.1", "Host: evil.example", "Accept: text/html"));

        assertThat(app.status()).as(app.raw()).isEqualTo(403);
        assertThat(login.status()).as(login.raw()).isEqualTo(421);
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/admin")));
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/login")));
    }

    private static void startNginx(int gatehouse, int app) throws IOException, InterruptedException {
        prefix = Files.createTempDirectory("gatehouse-nginx");
        nginxPort = freePort();
        String site = Files.readString(EXAMPLE)
                .replace("server 127.0.0.1:8080;", "server 127.0.0.1:" + gatehouse + ";")
                .replace("server 127.0.0.1:8081;", "server 127.0.0.1:" + app + ";")
                .replace("listen 80;", "listen 127.0.0.1:" + nginxPort + ";");
        assertThat(site)
                .contains(":" + gatehouse + ";")
                .contains(":" + app + ";")
                .contains(":" + nginxPort + ";");
        Files.writeString(prefix.resolve("site.conf"), site);
        String p = prefix.toString();
        Files.writeString(
                prefix.resolve("nginx.conf"),
                String.join(
                        "\n",
                        "daemon off;",
                        "master_process off;",
                        "pid " + p + "/nginx.pid;",
                        "error_log " + p + "/error.log info;",
                        "events { worker_connections 64; }",
                        "http {",
                        "  access_log off;",
                        "  client_body_temp_path " + p + "/body;",
                        "  proxy_temp_path " + p + "/proxy;",
                        "  fastcgi_temp_path " + p + "/fastcgi;",
                        "  uwsgi_temp_path " + p + "/uwsgi;",
                        "  scgi_temp_path " + p + "/scgi;",
                        "  include " + p + "/site.conf;",
                        "}",
                        ""));
        nginx = new ProcessBuilder(NGINX.toString(), "-p", p, "-c", p + "/nginx.conf", "-e", p + "/error.log")
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("stdout.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!nginx.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(prefix.resolve("stdout.log"))
                        + Files.readString(prefix.resolve("error.log")));
            }
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), nginxPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not listen on " + nginxPort);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
