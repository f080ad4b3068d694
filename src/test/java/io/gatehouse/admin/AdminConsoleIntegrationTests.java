package io.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.gatehouse.audit.AuditTrail;
import io.gatehouse.enforcement.LegacySiteStubsAccess;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.FixedClockConfiguration;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.TestBrowser;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * The admin console and the account page end to end, with a real SMTP server (GreenMail): an admin disable ends the
 * user's live sessions at once and emails them, re-enrollment needs a new QR code and the old codes fail, the audit
 * stream fills, and the console refuses non-admins and admins without a fresh second factor.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.admins.users[0]=root-*@example.org",
            "gatehouse.mail.host=127.0.0.1",
            "gatehouse.mail.port=3025",
            "gatehouse.mail.starttls=false",
            "gatehouse.mail.retry-delay=100ms",
            "gatehouse.mail.address-template={user}@mail.example.org",
            "gatehouse.policy.default=optional",
            "gatehouse.policy.rules[0].name=admins",
            "gatehouse.policy.rules[0].paths=/**",
            "gatehouse.policy.rules[0].users=root-*@example.org",
            "gatehouse.policy.rules[0].policy=required",
            "gatehouse.policy.rules[1].name=closed area",
            "gatehouse.policy.rules[1].paths=/closed/**",
            "gatehouse.policy.rules[1].policy=deny"
        })
@Import(FixedClockConfiguration.class)
class AdminConsoleIntegrationTests {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP)
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

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

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        LegacySiteStubsAccess.formLogin(upstream);
        clock.advance(Duration.ofMinutes(10));
    }

    @Test
    void adminDisableWhenUserSignedInTwiceThenBothSessionsEndEmailSentAndReEnrollmentNeedsNewSecret() throws Exception {
        String alice = "alice-" + UUID.randomUUID() + "@example.org";
        TestBrowser aliceLaptop = new TestBrowser(port);
        Authenticator oldApp = activate(aliceLaptop, alice);
        clock.advance(Duration.ofSeconds(30));
        TestBrowser alicePhone = new TestBrowser(port);
        signInWithCode(alicePhone, alice, oldApp);
        assertThat(aliceLaptop.get("/admin").status()).isEqualTo(200);
        assertThat(alicePhone.get("/admin").status()).isEqualTo(200);

        TestBrowser admin = admin();
        TestBrowser.Page page = admin.get("/_gatehouse/admin?user=" + alice);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("User " + alice)
                .contains("<dd>On</dd>")
                .contains("<dd>2</dd>");
        // Each session's verified age and last activity on a protected route (the phone signed in 30 seconds later).
        assertThat(page.body())
                .contains("<th scope=\"col\">Age</th>", "<th scope=\"col\">Last activity</th>")
                .contains("<td>30s</td>", "<td>0s</td>")
                .contains("<td>" + io.gatehouse.web.Times.format(clock.instant()) + "</td>");
        TestBrowser.Page done =
                admin.postForm("/_gatehouse/admin/disable", "_csrf", Authenticator.csrf(page.body()), "user", alice);
        assertThat(done.status()).isEqualTo(303);
        assertThat(admin.get(done.location()).body())
                .contains("2 sessions were ended")
                .contains("2fa.deactivated");

        // Both live sessions end at once: the next request is sent to the login, never to the upstream page.
        assertThat(aliceLaptop.get("/admin").location()).isEqualTo("/login");
        assertThat(alicePhone.get("/admin").location()).isEqualTo("/login");

        MimeMessage mail = waitForMail(alice, "turned off");
        assertThat(GreenMailUtil.getBody(mail)).contains("administrator root-").contains("If this was not you");

        // Next login: optional policy, no 2FA now; the account page offers a new enrollment with a new QR code.
        TestBrowser again = new TestBrowser(port);
        again.postForm("/login", "email", alice, "password", "right");
        TestBrowser.Page account = again.get("/_gatehouse/account");
        assertThat(account.body()).contains("<dd>Off</dd>").contains("Activate two-factor authentication");
        TestBrowser.Page toEnroll =
                again.postForm("/_gatehouse/account/activate", "_csrf", Authenticator.csrf(account.body()));
        assertThat(toEnroll.location()).isEqualTo("/_gatehouse/enroll");
        TestBrowser.Page enroll = again.get("/_gatehouse/enroll");
        Authenticator newApp = Authenticator.scan(enroll.body(), clock);
        assertThat(newApp.code(0)).isNotEqualTo(oldApp.code(0));
        assertThat(again.postForm(
                                "/_gatehouse/enroll",
                                "_csrf",
                                Authenticator.csrf(enroll.body()),
                                "token",
                                oldApp.code(0))
                        .body())
                .contains("aria-invalid=\"true\"");
    }

    @Test
    void accountPageWhenUserActivatesThenReturnsThereAndOptInEmailSent() throws Exception {
        String bob = "bob" + UUID.randomUUID().toString().substring(0, 8);
        TestBrowser browser = new TestBrowser(port);
        activate(browser, bob);
        TestBrowser.Page codes = browser.get("/_gatehouse/recovery-codes");
        TestBrowser.Page back =
                browser.postForm("/_gatehouse/recovery-codes", "_csrf", Authenticator.csrf(codes.body()));
        assertThat(back.location()).isEqualTo("/_gatehouse/account");
        TestBrowser.Page account = browser.get("/_gatehouse/account");
        assertThat(account.body())
                .contains("Two-factor authentication is enabled")
                .contains("<dd>On</dd>")
                .contains("<dd>10</dd>");
        // A username that is no address gets the configured template's address.
        MimeMessage mail = waitForMail(bob + "@mail.example.org", "is on");
        assertThat(GreenMailUtil.getBody(mail)).contains(bob);
        assertThat(mail.getContentType()).startsWith("multipart/");
    }

    @Test
    void accountPageWhenUserTurnsOffWithPasscodeThenOffAndEmailSaysThemselves() throws Exception {
        String carol = "carol-" + UUID.randomUUID() + "@example.org";
        TestBrowser browser = new TestBrowser(port);
        Authenticator app = activate(browser, carol);
        clock.advance(Duration.ofSeconds(30));
        TestBrowser.Page account = browser.get("/_gatehouse/account");
        TestBrowser.Page wrong = browser.postForm(
                "/_gatehouse/account/disable",
                "_csrf",
                Authenticator.csrf(account.body()),
                "code",
                "000000".equals(app.code(0)) ? "111111" : "000000");
        assertThat(wrong.body()).contains("aria-describedby=\"disable-code-hint disable-code-error\"");
        TestBrowser.Page off = browser.postForm(
                "/_gatehouse/account/disable", "_csrf", Authenticator.csrf(account.body()), "code", app.code(0));
        assertThat(off.location()).isEqualTo("/_gatehouse/account");
        assertThat(browser.get("/_gatehouse/account").body()).contains("<dd>Off</dd>");
        assertThat(GreenMailUtil.getBody(waitForMail(carol, "turned off"))).contains("You turned it off yourself");
        List<Map<String, String>> events = audit.recent(carol, 20).block();
        assertThat(events)
                .extracting(e -> e.get("type"))
                .contains("2fa.deactivated", "enrollment.completed", "login.observed");
    }

    @Test
    void consoleWhenNotAdminThenRefusedAndWhenSecondFactorOldThenChallenged() {
        String dave = "dave-" + UUID.randomUUID() + "@example.org";
        TestBrowser user = new TestBrowser(port);
        activate(user, dave);
        assertThat(user.get("/_gatehouse/admin").status()).isEqualTo(403);

        TestBrowser admin = admin();
        assertThat(admin.get("/_gatehouse/admin").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(16));
        TestBrowser.Page stale = admin.get("/_gatehouse/admin");
        assertThat(stale.status()).isEqualTo(303);
        assertThat(stale.location()).isEqualTo("/_gatehouse/challenge");
        assertThat(new TestBrowser(port).get("/_gatehouse/admin").location()).isEqualTo("/login");
    }

    @Test
    void accountPageWhenPolicyRequiresThenTurningOffRefusedWithReason() {
        TestBrowser admin = admin();
        TestBrowser.Page account = admin.get("/_gatehouse/account");
        assertThat(account.body())
                .contains("required for your account")
                .doesNotContain("/_gatehouse/account/disable\"");
    }

    @Test
    void recoveryCodeWhenUsedToSignInThenUserIsEmailedWithTheCodesLeft() throws Exception {
        String dave = "dave-" + UUID.randomUUID() + "@example.org";
        TestBrowser browser = new TestBrowser(port);
        browser.postForm("/login", "email", dave, "password", "right");
        TestBrowser.Page account = browser.get("/_gatehouse/account");
        browser.postForm("/_gatehouse/account/activate", "_csrf", Authenticator.csrf(account.body()));
        TestBrowser.Page enroll = browser.get("/_gatehouse/enroll");
        Authenticator app = Authenticator.scan(enroll.body(), clock);
        browser.postForm("/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", app.code(0));
        java.util.regex.Matcher codes = java.util.regex.Pattern.compile("<li><code>([^<]+)</code></li>")
                .matcher(browser.get("/_gatehouse/recovery-codes").body());
        assertThat(codes.find()).isTrue();
        String recoveryCode = codes.group(1);

        TestBrowser later = new TestBrowser(port);
        assertThat(later.postForm("/login", "email", dave, "password", "right").location())
                .isEqualTo("/_gatehouse/challenge");
        TestBrowser.Page recovery = later.get("/_gatehouse/recovery");
        assertThat(later.postForm(
                                "/_gatehouse/recovery",
                                "_csrf",
                                Authenticator.csrf(recovery.body()),
                                "code",
                                recoveryCode)
                        .status())
                .isEqualTo(303);

        MimeMessage mail = waitForMail(dave, "A recovery code was used");
        assertThat(GreenMailUtil.getBody(mail)).contains("9 recovery codes left");
    }

    @Test
    void challengeWhenTooManyWrongCodesThenUserIsEmailedAboutTheLockout() throws Exception {
        String erin = "erin-" + UUID.randomUUID() + "@example.org";
        Authenticator app = activate(new TestBrowser(port), erin);
        String wrong = "000000".equals(app.code(0)) ? "111111" : "000000";
        TestBrowser browser = new TestBrowser(port);
        browser.postForm("/login", "email", erin, "password", "right");
        String csrf = Authenticator.csrf(browser.get("/_gatehouse/challenge").body());

        int status = 0;
        for (int i = 0; i < 5; i++) {
            status = browser.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", wrong)
                    .status();
        }

        assertThat(status).isEqualTo(429);
        MimeMessage mail = waitForMail(erin, "Sign-in to your account is locked");
        assertThat(GreenMailUtil.getBody(mail)).contains("too many wrong two-factor codes");
    }

    @Test
    void policyDenyWhenUserKnownThenAuditedWithTheRule() {
        String fay = "fay-" + UUID.randomUUID() + "@example.org";
        TestBrowser browser = new TestBrowser(port);
        browser.postForm("/login", "email", fay, "password", "right");

        assertThat(browser.get("/closed/archive").status()).isEqualTo(403);

        List<Map<String, String>> events = audit.recent(fay, 20).block();
        assertThat(events).anySatisfy(event -> {
            assertThat(event.get("type")).isEqualTo("policy.deny");
            assertThat(event.get("json")).contains("closed area").contains("/closed/archive");
        });
    }

    private TestBrowser admin() {
        TestBrowser browser = new TestBrowser(port);
        String root = "root-" + UUID.randomUUID() + "@example.org";
        browser.postForm("/login", "email", root, "password", "right");
        Authenticator.enroll(browser, clock);
        return browser;
    }

    /** Signs in (optional policy: no 2FA yet) and activates 2FA from the account page. */
    private Authenticator activate(TestBrowser browser, String user) {
        browser.postForm("/login", "email", user, "password", "right");
        TestBrowser.Page account = browser.get("/_gatehouse/account");
        assertThat(account.status()).isEqualTo(200);
        browser.postForm("/_gatehouse/account/activate", "_csrf", Authenticator.csrf(account.body()));
        return Authenticator.enroll(browser, clock);
    }

    private void signInWithCode(TestBrowser browser, String user, Authenticator app) {
        assertThat(browser.postForm("/login", "email", user, "password", "right")
                        .location())
                .isEqualTo("/_gatehouse/challenge");
        String csrf = Authenticator.csrf(browser.get("/_gatehouse/challenge").body());
        assertThat(browser.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", app.code(0))
                        .status())
                .isEqualTo(303);
    }

    private static MimeMessage waitForMail(String to, String subjectPart) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (MimeMessage message : smtp.getReceivedMessages()) {
                if (Arrays.stream(message.getAllRecipients())
                                .anyMatch(a -> a.toString().equals(to))
                        && message.getSubject().contains(subjectPart)) {
                    return message;
                }
            }
            smtp.waitForIncomingEmail(500, 1);
        }
        throw new AssertionError("no email to " + to + " about '" + subjectPart + "'");
    }
}
