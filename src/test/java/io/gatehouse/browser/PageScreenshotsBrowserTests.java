package io.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.EmbeddedRedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every Gatehouse page, reached the way a user reaches it, photographed at desktop and phone width and checked
 * with axe-core and at 320 px. The pictures go to {@code target/screenshots}; the gallery of {@code docs/pages.md} is
 * refreshed with {@code -Dscreenshots.dir=docs/screenshots}.
 */
@RequiresChromium
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "server.address=127.0.0.1",
            "gatehouse.redis.embedded=false",
            "gatehouse.redis.timeout=3s",
            "gatehouse.ui.site-name=Acme Back Office",
            "gatehouse.ui.logo-url=/static/logo.svg",
            "gatehouse.ui.contact=the IT service desk",
            "gatehouse.policy.rules[0].name=assets",
            "gatehouse.policy.rules[0].paths=/static/**",
            "gatehouse.policy.rules[0].policy=bypass",
            "gatehouse.policy.rules[1].name=settings",
            "gatehouse.policy.rules[1].paths=/admin/settings",
            "gatehouse.policy.rules[1].policy=deny"
        })
@ActiveProfiles("demo")
class PageScreenshotsBrowserTests {

    static final String DIRECTORY_PROPERTY = "screenshots.dir";
    static final int SITE_PORT = FreePorts.freePort();
    static final int REDIS_PORT = FreePorts.freePort();
    static final Path REDIS_DATA;
    // Started here rather than by Gatehouse, so the test can stop it and show the 503 page.
    static final EmbeddedRedisServer REDIS;

    static {
        try {
            REDIS_DATA = Files.createTempDirectory("gatehouse-screenshots-redis");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        REDIS = Chromium.missing().isEmpty() ? EmbeddedRedisServer.start(REDIS_PORT, REDIS_DATA) : null;
    }

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry registry) {
        registry.add("demo.site.port", () -> SITE_PORT);
        registry.add("gatehouse.upstream.url", () -> "http://127.0.0.1:" + SITE_PORT);
        registry.add("gatehouse.redis.url", () -> "redis://127.0.0.1:" + REDIS_PORT);
    }

    @AfterAll
    static void stopRedis() {
        if (REDIS != null) {
            REDIS.close();
        }
    }

    @LocalServerPort
    int port;

    private final Path directory = Path.of(System.getProperty(DIRECTORY_PROPERTY, "target/screenshots"));

    @Test
    void everyPageWhenReachedThenPhotographedAtDesktopAndPhoneWidthAndAccessible() {
        String baseUrl = "http://127.0.0.1:" + port;
        try (Browser browser = Browser.open(baseUrl);
                Browser welsh = Browser.open(baseUrl, "cy-GB,cy")) {
            browser.signInToSite("alice@example.org", "alice-password");
            assertThat(browser.path()).isEqualTo("/_gatehouse/enroll");
            AuthenticatorApp app = AuthenticatorApp.fromUri(QrScanner.read(browser));
            long step = app.currentStep();
            photograph(browser, "enroll");

            browser.type("#token", app.wrongCodeNear(step));
            browser.pressAndWait(Keys.ENTER);
            assertThat(browser.find("#token-error").isDisplayed()).isTrue();
            photograph(browser, "enroll-wrong-code");

            browser.type("#token", app.codeAt(step));
            browser.pressAndWait(Keys.ENTER);
            assertThat(browser.path()).isEqualTo("/_gatehouse/recovery-codes");
            photograph(browser, "recovery-codes");
            browser.clickAndWait("form[action='/_gatehouse/recovery-codes'] button[type=submit]");
            assertThat(browser.path()).isEqualTo("/admin");
            photograph(browser, "enabled-banner");

            browser.go("/admin/settings");
            assertThat(browser.heading()).isEqualTo("You don't have access to this page");
            photograph(browser, "deny");

            browser.go("/logout");
            browser.signInToSite("alice@example.org", "alice-password");
            assertThat(browser.path()).isEqualTo("/_gatehouse/challenge");
            photograph(browser, "challenge");
            browser.pressAndWait(app.wrongCodeNear(step), Keys.ENTER);
            photograph(browser, "challenge-wrong-code");

            welsh.signInToSite("alice@example.org", "alice-password");
            assertThat(welsh.heading()).isEqualTo("Rhowch eich cod pas");
            photograph(welsh, "challenge-cy");

            browser.clickAndWait("a[href='/_gatehouse/recovery']");
            photograph(browser, "recovery");

            browser.go("/_gatehouse/challenge");
            for (int i = 0;
                    i < 5
                            && browser.path().equals("/_gatehouse/challenge")
                            && !browser.findAll("#code").isEmpty();
                    i++) {
                browser.pressAndWait(app.wrongCodeNear(step), Keys.ENTER);
            }
            assertThat(browser.heading()).isEqualTo("Sign-in is locked for now");
            photograph(browser, "lockout");

            REDIS.close();
            browser.go("/admin");
            assertThat(browser.heading()).isEqualTo("Sign-in is temporarily unavailable");
            photograph(browser, "unavailable");
        }
    }

    /** Checks the page, then saves it whole as {@code name-desktop.png} and {@code name-mobile.png}. */
    private void photograph(Browser browser, String name) {
        if (browser.path().startsWith("/_gatehouse/")
                || browser.findAll(".gh-main").size() == 1) {
            Accessibility.assertNoSeriousViolations(browser);
            browser.assertNoHorizontalScrollingAt(Browser.NARROWEST);
        }
        browser.saveFullPage(directory.resolve(name + "-desktop.png"));
        browser.viewport(Browser.MOBILE);
        browser.saveFullPage(directory.resolve(name + "-mobile.png"));
        browser.viewport(Browser.DESKTOP);
    }
}
