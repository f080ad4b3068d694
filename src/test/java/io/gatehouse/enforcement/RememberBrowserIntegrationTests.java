package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.admin.AccountActions;
import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditTrail;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.FixedClockConfiguration;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.TestBrowser;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code gatehouse.challenge.remember-browser}: a browser remembered at the challenge skips it at the user's next
 * login (cookies released at once, audited), but not for another user, not with a tampered token, not after an
 * admin disable, and never for the admin console's fresh second factor or a session past its idle limit.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.challenge.remember-browser=30d",
            "gatehouse.admins.users[0]=root-*@example.org"
        })
@Import(FixedClockConfiguration.class)
class RememberBrowserIntegrationTests {

    static final String DEVICE = "gatehouse_device";

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    AuditTrail audit;

    @Autowired
    AccountActions actions;

    @Autowired
    TwoFactorService twoFactor;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        LegacySiteStubs.formLogin(upstream);
        clock.advance(Duration.ofMinutes(10));
    }

    @Test
    void nextLoginWhenBrowserRememberedThenChallengeSkippedButAdminConsoleStillAsks() {
        String root = "root-" + UUID.randomUUID() + "@example.org";
        TestBrowser browser = new TestBrowser(port);
        Authenticator app = enroll(browser, root);
        clock.advance(Duration.ofSeconds(30));

        TestBrowser.Page challenge = signInAgain(browser, root);
        assertThat(challenge.body())
                .contains("type=\"checkbox\" id=\"remember\" name=\"remember\"")
                .contains("<label for=\"remember\">Remember this browser for 30 days</label>");
        TestBrowser.Page passed = browser.postForm(
                "/_gatehouse/challenge",
                "_csrf",
                Authenticator.csrf(challenge.body()),
                "code",
                app.code(0),
                "remember",
                "on");
        assertThat(passed.status()).isEqualTo(303);
        String cookie = passed.setCookies().stream()
                .filter(c -> c.startsWith(DEVICE + "="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie)
                .contains("Max-Age=2592000")
                .contains("Path=/")
                .contains("HttpOnly")
                .contains("SameSite=Lax")
                .doesNotContain("Secure");

        TestBrowser.Page login = login(browser, root);
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.location()).endsWith("/admin");
        assertThat(login.setCookies()).anyMatch(c -> c.startsWith("LEGACYSESSID=alice-session"));
        assertThat(browser.get("/admin").body()).contains("Admin dashboard");
        // Remembering is not a fresh second factor: the console asks for a code.
        assertThat(browser.get("/_gatehouse/admin").location()).isEqualTo("/_gatehouse/challenge");
        assertThat(audit.recent(root, 20).block())
                .extracting(e -> e.get("type"))
                .contains("browser.remembered", "challenge.skipped");
        upstream.verify(0, anyRequestedFor(anyUrl()).withHeader("Cookie", containing(DEVICE)));
    }

    @Test
    void requestWhenRememberedSessionIdlePastTheLimitThenChallengeAskedAndNotSkipped() {
        String dave = "dave-" + UUID.randomUUID() + "@example.org";
        TestBrowser browser = new TestBrowser(port);
        remember(browser, dave);
        clock.advance(Duration.ofSeconds(30));
        assertThat(login(browser, dave).location())
                .as("remembered: no challenge")
                .endsWith("/admin");
        assertThat(browser.get("/admin").status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(31));

        // The token keeps its own 30 days, but is never a fresh second factor: the idle limit asks for a code.
        assertThat(browser.cookies()).containsKey(DEVICE);
        assertThat(browser.get("/admin").location()).isEqualTo("/_gatehouse/challenge");
        assertThat(browser.get("/_gatehouse/challenge").body())
                .contains("Your session was idle for more than 30 minutes.");
        assertThat(browser.get("/admin").location()).isEqualTo("/_gatehouse/challenge");
    }

    @Test
    void loginWhenTokenIsAnotherUsersOrTamperedThenChallenged() {
        String alice = "alice-" + UUID.randomUUID() + "@example.org";
        TestBrowser aliceBrowser = new TestBrowser(port);
        String token = remember(aliceBrowser, alice);

        String bob = "bob-" + UUID.randomUUID() + "@example.org";
        TestBrowser bobBrowser = new TestBrowser(port);
        enroll(bobBrowser, bob);
        bobBrowser.cookies().clear();
        bobBrowser.setCookie(DEVICE, token);
        TestBrowser.Page bobLogin = login(bobBrowser, bob);
        assertThat(bobLogin.location()).isEqualTo("/_gatehouse/challenge");
        assertThat(bobLogin.setCookies())
                .noneMatch(c -> c.startsWith("LEGACYSESSID"))
                .anyMatch(c -> c.startsWith(DEVICE + "=;") && c.contains("Max-Age=0"));

        TestBrowser tampered = new TestBrowser(port);
        tampered.setCookie(DEVICE, token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"));
        assertThat(login(tampered, alice).location()).isEqualTo("/_gatehouse/challenge");
        TestBrowser forged = new TestBrowser(port);
        forged.setCookie(DEVICE, token.substring(0, token.indexOf('.')) + ".");
        assertThat(login(forged, alice).location()).isEqualTo("/_gatehouse/challenge");

        // The genuine token still works for its own user.
        TestBrowser genuine = new TestBrowser(port);
        genuine.setCookie(DEVICE, token);
        assertThat(login(genuine, alice).location()).endsWith("/admin");
    }

    @Test
    void loginWhenAdminDisabledSinceThenTokenRevoked() {
        String carol = "carol-" + UUID.randomUUID() + "@example.org";
        TestBrowser browser = new TestBrowser(port);
        String token = remember(browser, carol);
        assertThat(twoFactor.isRememberedBrowser(carol, token).block()).isTrue();

        actions.disable(carol, Actor.admin("root@example.org"), "127.0.0.1", true)
                .block();

        assertThat(twoFactor.isRememberedBrowser(carol, token).block()).isFalse();
        browser.cookies().keySet().removeIf(name -> !name.equals(DEVICE));
        assertThat(login(browser, carol).location()).isEqualTo("/_gatehouse/enroll");
        TestBrowser.Page enroll = browser.get("/_gatehouse/enroll");
        Authenticator app = Authenticator.scan(enroll.body(), clock);
        browser.postForm("/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", app.code(0));
        clock.advance(Duration.ofSeconds(30));
        browser.cookies().keySet().removeIf(name -> !name.equals(DEVICE));
        assertThat(browser.cookies()).containsEntry(DEVICE, token);
        assertThat(login(browser, carol).location()).isEqualTo("/_gatehouse/challenge");
    }

    /** Enrolls, signs in again and passes the challenge with "Remember this browser"; the token. */
    private String remember(TestBrowser browser, String user) {
        Authenticator app = enroll(browser, user);
        clock.advance(Duration.ofSeconds(30));
        TestBrowser.Page challenge = signInAgain(browser, user);
        assertThat(browser.postForm(
                                "/_gatehouse/challenge",
                                "_csrf",
                                Authenticator.csrf(challenge.body()),
                                "code",
                                app.code(0),
                                "remember",
                                "on")
                        .status())
                .isEqualTo(303);
        assertThat(browser.cookies()).containsKey(DEVICE);
        return browser.cookies().get(DEVICE);
    }

    private Authenticator enroll(TestBrowser browser, String user) {
        assertThat(login(browser, user).location()).isEqualTo("/_gatehouse/enroll");
        return Authenticator.enroll(browser, clock);
    }

    /** A new sign-in in the same browser (its other cookies gone, as after a logout): the challenge page. */
    private TestBrowser.Page signInAgain(TestBrowser browser, String user) {
        browser.cookies().keySet().removeIf(name -> !name.equals(DEVICE));
        assertThat(login(browser, user).location()).isEqualTo("/_gatehouse/challenge");
        return browser.get("/_gatehouse/challenge");
    }

    private static TestBrowser.Page login(TestBrowser browser, String user) {
        browser.cookies().keySet().removeIf(name -> !name.equals(DEVICE));
        return browser.postForm("/login", "email", user, "password", "right");
    }
}
