package io.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An administrator disables a user's second factor in a real browser, in front of the demo legacy site: the user's
 * open browser is sent to the site's login at its next click, the user gets an email (GreenMail) naming the
 * administrator, and at the next sign-in enrollment shows a new QR code that the old authenticator entry's codes do
 * not match. Every Gatehouse page on the way is checked with axe-core and at 320 px.
 */
@RequiresChromium
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "server.address=127.0.0.1",
            "gatehouse.admins.users[0]=alice@example.org",
            "gatehouse.mail.host=127.0.0.1",
            "gatehouse.mail.starttls=false",
            "gatehouse.mail.retry-delay=100ms"
        })
@ActiveProfiles("demo")
class AdminDisableBrowserTests {

    static final int SITE_PORT = FreePorts.freePort();
    static final int SMTP_PORT = FreePorts.freePort();

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(
                    new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry registry) {
        registry.add("demo.site.port", () -> SITE_PORT);
        registry.add("gatehouse.upstream.url", () -> "http://127.0.0.1:" + SITE_PORT);
        registry.add("gatehouse.mail.port", () -> SMTP_PORT);
    }

    @LocalServerPort
    int port;

    @Test
    void adminDisableWhenUserHasOpenBrowserThenSentToLoginEmailedAndReEnrollmentShowsNewSecret() throws Exception {
        String baseUrl = "http://127.0.0.1:" + port;
        try (Browser alice = Browser.open(baseUrl);
                Browser bob = Browser.open(baseUrl)) {
            // Both enrolled (the policy requires it); enrolling counts as a fresh second factor for alice.
            enroll(alice, "alice@example.org", "alice-password");
            AuthenticatorApp bobsOldApp = enroll(bob, "bob@example.org", "bob-password");
            assertThat(bob.heading()).isEqualTo("Dashboard");

            // Alice finds bob in the console.
            alice.go("/_gatehouse/admin");
            assertThat(alice.path()).isEqualTo("/_gatehouse/admin");
            assertThat(alice.heading()).isEqualTo("Gatehouse administration");
            assertThat(alice.text()).contains("Signed in as administrator alice@example.org.");
            assertPageIsAccessible(alice);
            alice.type("#user", "bob@example.org");
            alice.clickAndWait("form[action='/_gatehouse/admin'] button[type=submit]");

            assertThat(alice.find("#user-heading").getText()).isEqualTo("User bob@example.org");
            assertThat(fact(alice, "Two-factor authentication")).isEqualTo("On");
            assertThat(fact(alice, "Active Gatehouse sessions")).isEqualTo("1");
            assertPageIsAccessible(alice);

            alice.clickAndWait("form[action='/_gatehouse/admin/disable'] button[type=submit]");

            assertThat(alice.find(".gh-notice[role=status]").getText())
                    .isEqualTo("Two-factor authentication is"
                            + " disabled for bob@example.org; 1 sessions were ended and the user was emailed.");
            assertThat(fact(alice, "Two-factor authentication")).isEqualTo("Off");
            assertThat(fact(alice, "Active Gatehouse sessions")).isEqualTo("0");
            assertPageIsAccessible(alice);

            // Bob's browser still shows the dashboard; his next click lands on the site's login page.
            assertThat(bob.path()).isEqualTo("/admin");
            bob.clickAndWait(".user-menu a[href='/profile']");
            assertThat(bob.path()).startsWith("/login");
            assertThat(bob.heading()).isEqualTo("Sign in");

            MimeMessage mail = waitForMail("bob@example.org", "turned off");
            assertThat(GreenMailUtil.getBody(mail))
                    .contains("bob@example.org")
                    .contains("It was turned off by the administrator alice@example.org.");

            // Bob signs in again: a new QR code, which the old authenticator entry does not match.
            bob.signInToSite("bob@example.org", "bob-password");
            assertThat(bob.path())
                    .as("after signing in again, on a page saying: %s", bob.text())
                    .isEqualTo("/_gatehouse/enroll");
            assertThat(bob.heading()).isEqualTo("Set up two-factor authentication");
            assertPageIsAccessible(bob);
            AuthenticatorApp bobsNewApp = AuthenticatorApp.fromUri(QrScanner.read(bob));
            assertThat(bobsNewApp.label()).endsWith(":bob@example.org");
            assertThat(bobsNewApp.secret()).isNotEqualTo(bobsOldApp.secret());

            long step = bobsNewApp.currentStep();
            String oldCode = bobsOldApp.codeAt(step);
            // Against a one-in-a-million coincidence, the old entry's code of a step where the two apps differ.
            if (oldCode.equals(bobsNewApp.codeAt(step))) {
                oldCode = bobsOldApp.codeAt(step + 1);
            }
            bob.type("#token", oldCode);
            bob.clickAndWait("form[action='/_gatehouse/enroll'] button[type=submit]");
            assertThat(bob.path()).isEqualTo("/_gatehouse/enroll");
            assertThat(bob.find("#token-error").isDisplayed()).isTrue();
            assertThat(bob.find("#token").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(AuthenticatorApp.fromUri(QrScanner.read(bob)).secret()).isEqualTo(bobsNewApp.secret());
            assertPageIsAccessible(bob);

            // The new entry's code works.
            bob.type("#token", bobsNewApp.codeAt(step));
            bob.clickAndWait("form[action='/_gatehouse/enroll'] button[type=submit]");
            assertThat(bob.path()).isEqualTo("/_gatehouse/recovery-codes");
            assertPageIsAccessible(bob);
        }
    }

    /** Signs in on the site's form and enrolls with the QR code off the screen; ends on the dashboard. */
    private static AuthenticatorApp enroll(Browser browser, String email, String password) {
        browser.signInToSite(email, password);
        assertThat(browser.path()).isEqualTo("/_gatehouse/enroll");
        assertPageIsAccessible(browser);
        AuthenticatorApp app = AuthenticatorApp.fromUri(QrScanner.read(browser));
        browser.type("#token", app.codeAt(app.currentStep()));
        browser.clickAndWait("form[action='/_gatehouse/enroll'] button[type=submit]");
        assertThat(browser.path()).isEqualTo("/_gatehouse/recovery-codes");
        assertPageIsAccessible(browser);
        browser.clickAndWait("form[action='/_gatehouse/recovery-codes'] button[type=submit]");
        assertThat(browser.path()).isEqualTo("/admin");
        return app;
    }

    /** The value after the term {@code term} in the user's facts on the console. */
    private static String fact(Browser browser, String term) {
        return browser.find("#user-heading + .gh-facts").findElements(By.tagName("dt")).stream()
                .filter(dt -> dt.getText().equals(term))
                .findFirst()
                .map(dt -> dt.findElement(By.xpath("following-sibling::dd[1]")).getText())
                .orElseThrow(() -> new AssertionError("no fact " + term + " on " + browser.path()));
    }

    private static MimeMessage waitForMail(String to, String subjectPart) throws MessagingException {
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

    private static void assertPageIsAccessible(Browser browser) {
        Accessibility.assertNoSeriousViolations(browser);
        browser.assertNoHorizontalScrollingAt(Browser.NARROWEST);
    }
}
