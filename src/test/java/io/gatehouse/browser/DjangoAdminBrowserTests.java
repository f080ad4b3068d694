package io.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.realapps.DjangoAdminInFront;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The real Django admin (Debian {@code python3-django}) behind Gatehouse configured by
 * {@code docs/recipes/django-admin.md}, in Chromium: Django's own login form, enrollment by reading the QR code off
 * the screen, the admin, Django's logout, and the passcode at the next sign-in. The oracle is Django's page and its
 * request log.
 */
@RequiresChromium
class DjangoAdminBrowserTests {

    @Test
    void journeyWhenAdminSignsInOnDjangosFormThenEnrollsFromTheQrCodeLogsOutAndPassesTheChallenge() {
        try (DjangoAdminInFront site = DjangoAdminInFront.start();
                Browser browser = Browser.open("http://127.0.0.1:" + site.port())) {
            long adminViews = site.logged("\"GET /admin/ HTTP/1.1\"");
            browser.go("/admin/");
            assertThat(browser.path()).isEqualTo("/admin/login/");
            assertThat(site.logged("\"GET /admin/ HTTP/1.1\"")).isEqualTo(adminViews);

            signIn(browser, site);
            assertThat(browser.path()).isEqualTo("/_gatehouse/enroll");
            AuthenticatorApp app = AuthenticatorApp.fromUri(readQrCode(browser));
            browser.type("#token", app.codeAt(step(site)));
            browser.clickAndWait("form[action='/_gatehouse/enroll'] button[type=submit]");
            assertThat(browser.path()).isEqualTo("/_gatehouse/recovery-codes");
            browser.clickAndWait("form[action='/_gatehouse/recovery-codes'] button[type=submit]");

            assertThat(browser.path()).isEqualTo("/admin/");
            assertThat(browser.find("#content h1").getText()).isEqualTo("Site administration");
            // Django's header says who it signed in (upper-cased by its style sheet).
            assertThat(browser.text().toLowerCase()).contains("welcome, " + site.user() + ".");

            browser.clickAndWait("a[href='/admin/logout/']");
            assertThat(browser.text()).contains("Logged out");
            browser.go("/admin/");
            assertThat(browser.path()).isEqualTo("/admin/login/");

            site.clock().advance(Duration.ofSeconds(30));
            signIn(browser, site);
            assertThat(browser.path()).isEqualTo("/_gatehouse/challenge");
            browser.type("#code", app.codeAt(step(site)));
            browser.clickAndWait("form[action='/_gatehouse/challenge'] button[type=submit]");
            assertThat(browser.path()).isEqualTo("/admin/");
            assertThat(browser.find("#content h1").getText()).isEqualTo("Site administration");
        }
    }

    private static void signIn(Browser browser, DjangoAdminInFront site) {
        browser.type("#id_username", site.user());
        browser.type("#id_password", site.password());
        browser.clickAndWait("#login-form input[type=submit]");
    }

    /**
     * The QR code on screen. On a loaded CI machine the page can take longer to settle than the scanner's own few
     * looks, so it looks again after a pause (as a user would hold the phone a moment longer).
     */
    private static String readQrCode(Browser browser) {
        AssertionError last = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            try {
                return QrScanner.read(browser);
            } catch (AssertionError e) {
                last = e;
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }

    /** The TOTP step of Gatehouse's clock (which the test moves), as the authenticator app on the phone would show. */
    private static long step(DjangoAdminInFront site) {
        return site.clock().instant().getEpochSecond() / 30;
    }
}
