package io.gatehouse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.Authenticator;
import io.gatehouse.support.FixedClockConfiguration;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.TestBrowser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo as {@code mvn spring-boot:run -Dspring-boot.run.profiles=demo} starts it, with {@code config/gatehouse.yml}
 * (only ports, the Redis data directory and a fixed key differ): the site's administrator, alice, also opens
 * Gatehouse's admin console, and bob does not.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=config/gatehouse.yml",
            "gatehouse.redis.data-dir=target/test-data/redis-${random.uuid}",
            "server.port=0",
            "management.server.port=0",
            "GATEHOUSE_SECRET_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            "logging.level.root=warn"
        })
@ActiveProfiles("demo")
@Import(FixedClockConfiguration.class)
class DemoAdminConsoleIntegrationTests {

    static final int SITE_PORT = freePort();

    @DynamicPropertySource
    static void sitePort(DynamicPropertyRegistry registry) {
        registry.add("demo.site.port", () -> SITE_PORT);
        registry.add("gatehouse.upstream.url", () -> "http://127.0.0.1:" + SITE_PORT);
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Test
    void adminConsoleWhenDemoAdministratorThenOpensAndWhenOtherDemoUserThenForbidden() {
        TestBrowser alice = signInAndEnroll("alice@example.org", "alice-password");
        TestBrowser.Page console = alice.get("/_gatehouse/admin?user=bob@example.org");
        assertThat(console.status()).isEqualTo(200);
        assertThat(console.body()).contains("User bob@example.org");

        TestBrowser bob = signInAndEnroll("bob@example.org", "bob-password");
        assertThat(bob.get("/_gatehouse/admin").status()).isEqualTo(403);
    }

    private TestBrowser signInAndEnroll(String email, String password) {
        TestBrowser browser = new TestBrowser(port);
        assertThat(browser.postForm("/login", "email", email, "password", password)
                        .location())
                .isEqualTo("/_gatehouse/enroll");
        Authenticator.enroll(browser, clock);
        return browser;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
