package io.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium with its own fresh profile, pointed at Gatehouse: what a user does (open, type, press
 * keys, click) and what a test needs to see (text, focus, screenshots, layout width).
 */
final class Browser implements AutoCloseable {

    static final int DESKTOP = 1280;
    static final int MOBILE = 375;
    static final int NARROWEST = 320;
    private static final int HEIGHT = 900;

    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;
    private int width = DESKTOP;

    private Browser(ChromeDriver driver, Path profile, String baseUrl) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl;
    }

    /** A new browser that asks for pages in {@code language} (an {@code Accept-Language} value). */
    static Browser open(String baseUrl, String language) {
        Path profile;
        try {
            profile = Files.createTempDirectory("gatehouse-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Both paths explicit, so Selenium Manager never runs and nothing is downloaded.
        System.setProperty(
                ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY,
                Chromium.driver().toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Chromium.driver().toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(Chromium.binary().toFile())
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        "--user-data-dir=" + profile,
                        "--window-size=" + DESKTOP + "," + HEIGHT,
                        "--lang=" + language)
                .setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Browser browser = new Browser(driver, profile, baseUrl);
        browser.viewport(DESKTOP);
        return browser;
    }

    static Browser open(String baseUrl) {
        return open(baseUrl, "en-GB,en");
    }

    ChromeDriver driver() {
        return driver;
    }

    void go(String path) {
        driver.get(baseUrl + path);
    }

    /** The path (and query) of the page shown. */
    String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : url;
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    String heading() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    /** Signs in on the demo site's own form, as its user would. */
    void signInToSite(String email, String password) {
        go("/login");
        type("#email", email);
        type("#password", password);
        clickAndWait("form[action='/login'] button[type=submit]");
    }

    /**
     * Clicks what leads to another page (a link, a form's button) and waits until that page has replaced this one:
     * a click can return while the browser is still waiting for the answer.
     */
    void clickAndWait(String css) {
        markPage();
        find(css).click();
        awaitNextPage();
    }

    /** Keys typed where the focus is that submit a form (ending in Enter); returns once the next page replaced this one. */
    void pressAndWait(CharSequence... keys) {
        markPage();
        focused().sendKeys(keys);
        awaitNextPage();
    }

    /**
     * Marks the current document; a new page load starts a fresh one without the mark. (Waiting for the old
     * element to go stale is unreliable: Chromium sometimes reports a detached node with another error.)
     */
    private void markPage() {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.__gatehouseOldPage = true;");
    }

    private void awaitNextPage() {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            Object state = ((org.openqa.selenium.JavascriptExecutor) d)
                    .executeScript("return window.__gatehouseOldPage === true ? 'old' : document.readyState;");
            return "complete".equals(state);
        });
    }

    /** The element that has the keyboard focus. */
    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** Keys typed wherever the focus is, as a keyboard-only user would. */
    void press(CharSequence... keys) {
        focused().sendKeys(keys);
    }

    void pressTab() {
        press(Keys.TAB);
    }

    /** Lays the page out {@code width} CSS pixels wide, as a phone ({@code < 600}) or a desktop window. */
    void viewport(int width) {
        this.width = width;
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", width < 600));
    }

    /** Asserts that the page fits {@code width} pixels: nothing scrolls sideways. */
    void assertNoHorizontalScrollingAt(int narrow) {
        int previous = width;
        viewport(narrow);
        try {
            Number scrollWidth = (Number) script("return document.documentElement.scrollWidth;");
            assertThat(scrollWidth.intValue())
                    .as("page width at %d px on %s", narrow, path())
                    .isLessThanOrEqualTo(narrow);
        } finally {
            viewport(previous);
        }
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** A picture of what is on screen now. */
    byte[] screenshot() {
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    /** A picture of the whole page, however long, at the current width. */
    void saveFullPage(Path file) {
        int previous = width;
        Number height = (Number) script("return Math.ceil(document.documentElement.getBoundingClientRect().height);");
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of(
                        "width",
                        previous,
                        "height",
                        Math.max(height.intValue(), 200),
                        "deviceScaleFactor",
                        1,
                        "mobile",
                        previous < 600));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, screenshot());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            viewport(previous);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path directory) {
        List<File> files = new ArrayList<>();
        try (var walk = Files.walk(directory)) {
            walk.map(Path::toFile).forEach(files::add);
        } catch (IOException e) {
            return;
        }
        for (int i = files.size() - 1; i >= 0; i--) {
            files.get(i).delete();
        }
    }
}
