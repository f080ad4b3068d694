package io.gatehouse.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.gatehouse.audit.AuditTrail;
import io.gatehouse.enforcement.LegacySiteStubsAccess;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.TestBrowser;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code gatehouse.enrollment.verify-email}: no QR code before the code emailed to the user (GreenMail) was typed;
 * the code works once, "send again" is rate-limited, wrong codes count toward the lockout, and a user without an
 * address is told so and whom to contact.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.enrollment.verify-email=true",
            "gatehouse.ui.contact=the IT service desk",
            "gatehouse.mail.host=127.0.0.1",
            "gatehouse.mail.port=3025",
            "gatehouse.mail.starttls=false",
            "gatehouse.mail.retry-delay=100ms"
        })
class EmailVerifiedEnrollmentIntegrationTests {

    private static final Pattern CODE = Pattern.compile("Your code is (\\d{8})");

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
    AuditTrail audit;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        LegacySiteStubsAccess.formLogin(upstream);
    }

    @Test
    void enrollWhenEmailCodeTypedThenQrShownAndCodeWorksOnlyOnce() throws Exception {
        String alice = "alice-" + UUID.randomUUID() + "@example.org";
        TestBrowser browser = signIn(alice);

        TestBrowser.Page step = browser.get("/_gatehouse/enroll");
        assertThat(step.status()).isEqualTo(200);
        assertThat(step.body())
                .contains("Confirm it is you")
                .contains("a\u2022\u2022\u2022\u2022@example.org")
                .doesNotContain("gh-key")
                .doesNotContain("<svg");
        String code = codeFrom(waitForMail(alice, 1).get(0));
        // Opening the page again sends nothing new; POSTing a token straight to enrollment shows no secret either.
        assertThat(browser.get("/_gatehouse/enroll").body()).doesNotContain("gh-key");
        assertThat(browser.postForm("/_gatehouse/enroll", "_csrf", Authenticator.csrf(step.body()), "token", "123456")
                        .location())
                .isEqualTo("/_gatehouse/enroll");

        TestBrowser.Page wrong = browser.postForm(
                "/_gatehouse/enroll/email-code", "_csrf", Authenticator.csrf(step.body()), "code", other(code));
        assertThat(wrong.body()).contains("That code is not right").contains("aria-invalid=\"true\"");

        TestBrowser.Page right = browser.postForm(
                "/_gatehouse/enroll/email-code",
                "_csrf",
                Authenticator.csrf(step.body()),
                "code",
                code.substring(0, 4) + " " + code.substring(4));
        assertThat(right.location()).isEqualTo("/_gatehouse/enroll");
        Authenticator.enroll(browser, Clock.systemUTC());

        // A second sign-in before enrolling elsewhere cannot reuse the code: it was used up.
        String bob = "bob-" + UUID.randomUUID() + "@example.org";
        TestBrowser bobBrowser = signIn(bob);
        TestBrowser.Page bobStep = bobBrowser.get("/_gatehouse/enroll");
        String bobCode = codeFrom(waitForMail(bob, 1).get(0));
        assertThat(bobBrowser
                        .postForm(
                                "/_gatehouse/enroll/email-code",
                                "_csrf",
                                Authenticator.csrf(bobStep.body()),
                                "code",
                                bobCode)
                        .location())
                .isEqualTo("/_gatehouse/enroll");
        TestBrowser second = signIn(bob);
        TestBrowser.Page secondStep = second.get("/_gatehouse/enroll");
        assertThat(second.postForm(
                                "/_gatehouse/enroll/email-code",
                                "_csrf",
                                Authenticator.csrf(secondStep.body()),
                                "code",
                                bobCode)
                        .body())
                .contains("expired or was already used");

        List<Map<String, String>> events = audit.recent(alice, 20).block();
        assertThat(events)
                .extracting(e -> e.get("type"))
                .contains("email-code.sent", "email-code.failed", "email-code.confirmed", "enrollment.completed");
        assertThat(events.toString()).doesNotContain(code);
    }

    @Test
    void resendWhenAskedAtOnceThenRefusedForAMinute() throws Exception {
        String carol = "carol-" + UUID.randomUUID() + "@example.org";
        TestBrowser browser = signIn(carol);
        TestBrowser.Page step = browser.get("/_gatehouse/enroll");
        waitForMail(carol, 1);

        TestBrowser.Page again =
                browser.postForm("/_gatehouse/enroll/email-code/resend", "_csrf", Authenticator.csrf(step.body()));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("role=\"status\">A code was sent less than a minute ago");
        Thread.sleep(500);
        assertThat(mailsTo(carol)).hasSize(1);
    }

    @Test
    void emailCodeWhenWrongFiveTimesThenLockedOut() throws Exception {
        String dave = "dave-" + UUID.randomUUID() + "@example.org";
        TestBrowser browser = signIn(dave);
        TestBrowser.Page step = browser.get("/_gatehouse/enroll");
        String code = codeFrom(waitForMail(dave, 1).get(0));
        TestBrowser.Page last = null;
        for (int i = 0; i < 5; i++) {
            last = browser.postForm(
                    "/_gatehouse/enroll/email-code", "_csrf", Authenticator.csrf(step.body()), "code", other(code));
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.body()).contains("Sign-in is locked for now");
        // Even the right code is not checked while locked.
        assertThat(browser.postForm(
                                "/_gatehouse/enroll/email-code", "_csrf", Authenticator.csrf(step.body()), "code", code)
                        .status())
                .isEqualTo(429);
    }

    @Test
    void enrollWhenUserHasNoEmailAddressThenToldSoAndWhomToContact() {
        String erin = "erin-" + UUID.randomUUID().toString().substring(0, 8);
        TestBrowser browser = signIn(erin);

        TestBrowser.Page page = browser.get("/_gatehouse/enroll");

        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body())
                .contains("There is no email address for your account " + erin)
                .contains("Contact the IT service desk")
                .doesNotContain("gh-key");
    }

    private TestBrowser signIn(String user) {
        TestBrowser browser = new TestBrowser(port);
        assertThat(browser.postForm("/login", "email", user, "password", "right")
                        .location())
                .isEqualTo("/_gatehouse/enroll");
        return browser;
    }

    /** A code of the same form that is certainly wrong. */
    private static String other(String code) {
        return code.equals("12345678") ? "87654321" : "12345678";
    }

    private static String codeFrom(MimeMessage mail) {
        Matcher matcher = CODE.matcher(GreenMailUtil.getBody(mail));
        assertThat(matcher.find()).as("the email carries the code").isTrue();
        return matcher.group(1);
    }

    private static List<MimeMessage> mailsTo(String to) throws Exception {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(message -> {
                    try {
                        return Arrays.stream(message.getAllRecipients())
                                .anyMatch(a -> a.toString().equals(to));
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static List<MimeMessage> waitForMail(String to, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            List<MimeMessage> mails = mailsTo(to);
            if (mails.size() >= count) {
                return mails;
            }
            smtp.waitForIncomingEmail(500, 1);
        }
        throw new AssertionError("no email to " + to);
    }
}
