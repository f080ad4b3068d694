package io.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Opting in where the policy leaves the second factor optional, in a real browser in front of the demo legacy site:
 * an unenrolled user signs in with the site's own form and uses the site at once, follows the "Two-factor
 * authentication" link that {@code gatehouse.ui.inject} adds to the site's profile page, activates 2FA on the
 * account page (QR code read off a screenshot, a code, the recovery codes) and lands back on the account page,
 * which now says it is on. Every Gatehouse page on the way is checked with axe-core and at 320 px.
 */
@RequiresChromium
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "server.address=127.0.0.1",
            "gatehouse.policy.default=optional",
            "gatehouse.policy.rules[0].name=assets",
            "gatehouse.policy.rules[0].paths=/static/**",
            "gatehouse.policy.rules[0].policy=bypass",
            // As config/gatehouse.yml sets it up for the demo.
            "gatehouse.ui.inject.paths[0]=/profile",
            "gatehouse.ui.inject.after=<nav class=\"account-nav\" aria-label=\"Account\">"
        })
@ActiveProfiles("demo")
class OptionalModeBrowserTests {

    static final int SITE_PORT = FreePorts.freePort();

    @DynamicPropertySource
    static void sitePort(DynamicPropertyRegistry registry) {
        registry.add("demo.site.port", () -> SITE_PORT);
        registry.add("gatehouse.upstream.url", () -> "http://127.0.0.1:" + SITE_PORT);
    }

    @LocalServerPort
    int port;

    @Test
    void optionalModeWhenUnenrolledUserFollowsInjectedLinkThenActivatesTwoFactorAndAccountPageSaysOn() {
        try (Browser browser = Browser.open("http://127.0.0.1:" + port)) {
            // No second factor needed: the site's own login leads straight into the site.
            browser.signInToSite("carol@example.org", "carol-password");
            assertThat(browser.path()).isEqualTo("/admin");
            assertThat(browser.heading()).isEqualTo("Dashboard");
            assertThat(browser.findAll(".gatehouse-banner")).isEmpty();

            browser.clickAndWait(".user-menu a[href='/profile']");
            assertThat(browser.path()).isEqualTo("/profile");
            assertThat(browser.heading()).isEqualTo("Your profile");

            // The link Gatehouse put into the site's own Account navigation.
            assertThat(browser.find("nav.account-nav a.gatehouse-link").getText())
                    .isEqualTo("Two-factor authentication");
            browser.clickAndWait("nav.account-nav a.gatehouse-link");

            assertThat(browser.path()).isEqualTo("/_gatehouse/account");
            assertThat(browser.heading()).isEqualTo("Two-factor authentication");
            assertThat(browser.text()).contains("Signed in as carol@example.org.");
            assertThat(browser.find(".gh-facts dd").getText()).isEqualTo("Off");
            assertPageIsAccessible(browser);

            browser.clickAndWait("form[action='/_gatehouse/account/activate'] button[type=submit]");

            assertThat(browser.path()).isEqualTo("/_gatehouse/enroll");
            assertThat(browser.heading()).isEqualTo("Set up two-factor authentication");
            assertPageIsAccessible(browser);
            AuthenticatorApp app = AuthenticatorApp.fromUri(QrScanner.read(browser));
            assertThat(app.label()).endsWith(":carol@example.org");
            browser.type("#token", app.codeAt(app.currentStep()));
            browser.clickAndWait("form[action='/_gatehouse/enroll'] button[type=submit]");

            assertThat(browser.path()).isEqualTo("/_gatehouse/recovery-codes");
            assertThat(browser.heading()).isEqualTo("Save your recovery codes");
            int codes = browser.findAll(".gh-codes li").size();
            assertThat(codes).isGreaterThanOrEqualTo(8);
            assertPageIsAccessible(browser);
            browser.clickAndWait("form[action='/_gatehouse/recovery-codes'] button[type=submit]");

            // Back where the journey started from: the account page, now with 2FA on.
            assertThat(browser.path()).isEqualTo("/_gatehouse/account");
            assertThat(browser.find(".gh-notice[role=status]").getText())
                    .contains("Two-factor authentication is enabled");
            assertThat(browser.findAll(".gh-facts dd").get(0).getText()).isEqualTo("On");
            assertThat(browser.text()).contains("Recovery codes left").contains(String.valueOf(codes));
            assertThat(browser.findAll("form[action='/_gatehouse/account/activate']"))
                    .isEmpty();
            assertPageIsAccessible(browser);

            // And the site goes on working in this session.
            browser.clickAndWait("a[href='/']");
            assertThat(browser.path()).isEqualTo("/admin");
            assertThat(browser.heading()).isEqualTo("Dashboard");
        }
    }

    private static void assertPageIsAccessible(Browser browser) {
        Accessibility.assertNoSeriousViolations(browser);
        browser.assertNoHorizontalScrollingAt(Browser.NARROWEST);
    }
}
