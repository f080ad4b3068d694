package io.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The journeys a person makes in a real browser, through Gatehouse in front of the demo legacy site: enrolling by
 * scanning the QR code off the screen, the challenge at the next sign-in (wrong code, keyboard only, replay in a
 * second browser), a recovery code, and the lockout. Every Gatehouse page on the way is checked with axe-core and
 * at 320 px wide. Codes come from the real clock: the second code a journey needs is the next step's.
 */
@RequiresChromium
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gatehouse.config=src/test/resources/gatehouse-test.yml", "server.address=127.0.0.1"})
@ActiveProfiles("demo")
class SecondFactorBrowserTests {

    static final int SITE_PORT = FreePorts.freePort();

    @DynamicPropertySource
    static void sitePort(DynamicPropertyRegistry registry) {
        registry.add("demo.site.port", () -> SITE_PORT);
        registry.add("gatehouse.upstream.url", () -> "http://127.0.0.1:" + SITE_PORT);
    }

    @LocalServerPort
    int port;

    @Test
    void requiredModeWhenUserSignsInThenEnrollsByScanningTheQrCodeAndIsChallengedAtTheNextSignIn() {
        try (Browser browser = Browser.open(baseUrl());
                Browser second = Browser.open(baseUrl())) {
            // Journey 1: enrollment, the code read off a screenshot as a phone would.
            browser.signInToSite("alice@example.org", "alice-password");
            assertThat(browser.path()).isEqualTo("/_gatehouse/enroll");
            assertThat(browser.heading()).isEqualTo("Set up two-factor authentication");
            assertPageIsAccessible(browser);
            assertThat(browser.focused().getAttribute("id")).isEqualTo("token");
            AuthenticatorApp app = AuthenticatorApp.fromUri(QrScanner.read(browser));
            assertThat(app.label()).endsWith(":alice@example.org");
            long step = app.currentStep();

            browser.type("#token", app.codeAt(step));
            browser.clickAndWait("form[action='/_gatehouse/enroll'] button[type=submit]");

            assertThat(browser.path()).isEqualTo("/_gatehouse/recovery-codes");
            assertThat(browser.heading()).isEqualTo("Save your recovery codes");
            assertThat(browser.findAll(".gh-codes li")).hasSizeGreaterThanOrEqualTo(8);
            assertPageIsAccessible(browser);
            browser.clickAndWait("form[action='/_gatehouse/recovery-codes'] button[type=submit]");

            assertThat(browser.path()).isEqualTo("/admin");
            assertThat(browser.find(".gatehouse-banner[role=status]").getText())
                    .isEqualTo("Two-factor authentication is enabled.");
            assertThat(browser.heading()).isEqualTo("Dashboard");

            // Journey 2: sign out, sign in, a wrong code, then the right one by keyboard alone.
            signOut(browser);
            browser.signInToSite("alice@example.org", "alice-password");
            assertThat(browser.path()).isEqualTo("/_gatehouse/challenge");
            assertPageIsAccessible(browser);
            assertCodeFieldReady(browser, "code");

            browser.pressAndWait(app.wrongCodeNear(step), Keys.ENTER);

            assertThat(browser.path()).isEqualTo("/_gatehouse/challenge");
            assertThat(browser.find("#code-error").getText()).contains("That passcode is not right.");
            assertThat(browser.find("#code").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.find("#code").getAttribute("aria-describedby").split(" "))
                    .contains("code-error");
            assertThat(browser.driver().getTitle()).startsWith("Error: ");
            assertPageIsAccessible(browser);
            assertCodeFieldReady(browser, "code");

            // The code of the next time step: the enrollment used this one, and waiting 30 s is no test.
            String nextCode = app.codeAt(step + 1);
            browser.press(nextCode);
            browser.pressTab();
            assertThat(browser.focused().getTagName()).isEqualTo("button");
            browser.pressAndWait(Keys.ENTER);

            assertThat(browser.path()).isEqualTo("/admin");
            assertThat(browser.heading()).isEqualTo("Dashboard");

            // The same code in a second browser is refused: replay protection.
            second.signInToSite("alice@example.org", "alice-password");
            assertThat(second.path()).isEqualTo("/_gatehouse/challenge");
            second.pressAndWait(nextCode, Keys.ENTER);
            assertThat(second.path()).isEqualTo("/_gatehouse/challenge");
            assertThat(second.find("#code-error").getText()).contains("already been used");
            second.go("/admin");
            assertThat(second.path()).isEqualTo("/_gatehouse/challenge");
        }
    }

    @Test
    void challengeWhenRecoveryCodeUsedThenSignedInAndRepeatedWrongCodesThenLockoutPage() {
        try (Browser browser = Browser.open(baseUrl())) {
            browser.signInToSite("bob@example.org", "bob-password");
            AuthenticatorApp app = AuthenticatorApp.fromUri(QrScanner.read(browser));
            long step = app.currentStep();
            browser.type("#token", app.codeAt(step));
            browser.clickAndWait("form[action='/_gatehouse/enroll'] button[type=submit]");
            List<String> codes = browser.findAll(".gh-codes li").stream()
                    .map(WebElement::getText)
                    .toList();
            browser.clickAndWait("form[action='/_gatehouse/recovery-codes'] button[type=submit]");
            assertThat(browser.path()).isEqualTo("/admin");

            // Journey 5a: the phone is lost; a recovery code signs in instead.
            signOut(browser);
            browser.signInToSite("bob@example.org", "bob-password");
            browser.clickAndWait("a[href='/_gatehouse/recovery']");
            assertThat(browser.path()).isEqualTo("/_gatehouse/recovery");
            assertPageIsAccessible(browser);
            assertThat(browser.focused().getAttribute("id")).isEqualTo("code");
            browser.pressAndWait("not-a-code", Keys.ENTER);
            assertThat(browser.find("#code-error").getText()).contains("That recovery code is not right");
            assertPageIsAccessible(browser);
            browser.pressAndWait(codes.get(0).toUpperCase(), Keys.ENTER);

            assertThat(browser.path()).isEqualTo("/admin");
            assertThat(browser.find(".gatehouse-banner[role=status]").getText())
                    .isEqualTo("You signed in with a recovery code. You have " + (codes.size() - 1)
                            + " recovery codes left.");

            // Journey 5b: too many wrong codes lock sign-in, and the page says until when.
            signOut(browser);
            browser.signInToSite("bob@example.org", "bob-password");
            String wrong = app.wrongCodeNear(app.currentStep());
            for (int i = 0;
                    i < 5
                            && browser.path().equals("/_gatehouse/challenge")
                            && !browser.findAll("#code").isEmpty();
                    i++) {
                browser.pressAndWait(wrong, Keys.ENTER);
            }

            assertThat(browser.heading()).isEqualTo("Sign-in is locked for now");
            assertThat(browser.text()).contains("too many wrong codes").contains("UTC");
            assertPageIsAccessible(browser);
        }
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private static void signOut(Browser browser) {
        browser.clickAndWait("a[href='/logout']");
        assertThat(browser.path()).startsWith("/login");
    }

    /** The code field has the focus and tells phones and password managers what it is for. */
    private static void assertCodeFieldReady(Browser browser, String id) {
        WebElement field = browser.focused();
        assertThat(field.getAttribute("id")).isEqualTo(id);
        assertThat(field.getAttribute("autocomplete")).isEqualTo("one-time-code");
        assertThat(field.getAttribute("inputmode")).isEqualTo("numeric");
        assertThat(browser.find("label[for='" + id + "']").getText()).isNotBlank();
    }

    private static void assertPageIsAccessible(Browser browser) {
        Accessibility.assertNoSeriousViolations(browser);
        browser.assertNoHorizontalScrollingAt(Browser.NARROWEST);
    }
}
