package io.gatehouse.realapps;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.Authenticator;
import io.gatehouse.support.RawHttp;
import io.gatehouse.support.TestBrowser;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps every real application's journey shares, all through Gatehouse's front door: Gatehouse's own pages
 * (enrollment, challenge, admin console) and the oracle, the application's own log.
 */
final class RealAppJourney {

    private final RealApp app;
    private final GatehouseInFront gatehouse;

    RealAppJourney(RealApp app, GatehouseInFront gatehouse) {
        this.app = app;
        this.gatehouse = gatehouse;
    }

    /** Sent to enrollment after the application's login: reads the QR code's key, types the first code, goes on. */
    Authenticator enroll(TestBrowser browser) {
        Authenticator authenticator = Authenticator.enroll(browser, gatehouse.clock());
        TestBrowser.Page codes = browser.get("/_gatehouse/recovery-codes");
        assertThat(codes.status()).isEqualTo(200);
        TestBrowser.Page onward =
                browser.postForm("/_gatehouse/recovery-codes", "_csrf", Authenticator.csrf(codes.body()));
        assertThat(onward.status()).isEqualTo(303);
        nextStep();
        return authenticator;
    }

    /** Sent to the challenge after the application's login: a wrong code is refused, the right one lets through. */
    String passChallenge(TestBrowser browser, Authenticator authenticator) {
        TestBrowser.Page challenge = browser.get("/_gatehouse/challenge");
        assertThat(challenge.status()).isEqualTo(200);
        String csrf = Authenticator.csrf(challenge.body());
        String wrong = "000000".equals(authenticator.code(0)) ? "111111" : "000000";
        assertThat(browser.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", wrong)
                        .status())
                .isNotEqualTo(303);
        TestBrowser.Page passed =
                browser.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", authenticator.code(0));
        assertThat(passed.status()).isEqualTo(303);
        nextStep();
        return passed.location();
    }

    /** Gatehouse's administrator (signed in through the application, second factor fresh) turns off {@code user}'s 2FA. */
    void adminDisables(TestBrowser admin, String user) {
        TestBrowser.Page page = admin.get("/_gatehouse/admin?user=" + user);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<dd>On</dd>");
        TestBrowser.Page done =
                admin.postForm("/_gatehouse/admin/disable", "_csrf", Authenticator.csrf(page.body()), "user", user);
        assertThat(done.status()).isEqualTo(303);
        assertThat(admin.get(done.location()).body()).contains("2fa.deactivated");
    }

    /** Enrolls again after a disable: a new key, on which the old authenticator's codes fail. */
    Authenticator reEnroll(TestBrowser browser, Authenticator old) {
        TestBrowser.Page enroll = browser.get("/_gatehouse/enroll");
        assertThat(enroll.status()).isEqualTo(200);
        Authenticator fresh = Authenticator.scan(enroll.body(), gatehouse.clock());
        assertThat(fresh.secret()).isNotEqualTo(old.secret());
        assertThat(browser.postForm(
                                "/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", old.code(0))
                        .body())
                .contains("aria-invalid=\"true\"");
        TestBrowser.Page done = browser.postForm(
                "/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", fresh.code(0));
        assertThat(done.location()).isEqualTo("/_gatehouse/recovery-codes");
        TestBrowser.Page codes = browser.get("/_gatehouse/recovery-codes");
        browser.postForm("/_gatehouse/recovery-codes", "_csrf", Authenticator.csrf(codes.body()));
        nextStep();
        return fresh;
    }

    /**
     * The victim of the attack tests, enrolled once (through the application's login and Gatehouse's enrollment), so
     * that only their second factor may open their session.
     */
    synchronized void victimEnrolled(java.util.function.Function<TestBrowser, TestBrowser.Page> signInAsVictim) {
        if (victimEnrolled) {
            return;
        }
        TestBrowser victim = gatehouse.browser();
        assertThat(signInAsVictim.apply(victim).location()).isEqualTo("/_gatehouse/enroll");
        victimPhone = enroll(victim);
        victimEnrolled = true;
    }

    private boolean victimEnrolled;
    private Authenticator victimPhone;

    /** A browser of the victim, signed in with password and passcode: the application's session cookie released. */
    TestBrowser victimSignedIn(java.util.function.Function<TestBrowser, TestBrowser.Page> signInAsVictim) {
        victimEnrolled(signInAsVictim);
        TestBrowser victim = gatehouse.browser();
        assertThat(signInAsVictim.apply(victim).location()).isEqualTo("/_gatehouse/challenge");
        passChallenge(victim, victimPhone);
        return victim;
    }

    /** The enrolled victim's own second factor, for a sign-in the test started itself. */
    String passChallengeAsVictim(TestBrowser victim) {
        return passChallenge(victim, victimPhone);
    }

    /**
     * What an attacker who knows only the victim's password does after an attack request: takes whatever Gatehouse
     * offers (an enrollment of their own, under whatever name Gatehouse recorded), then opens {@code page}. Returns
     * every page body they saw, for the test to look for the victim's signed-in marker.
     */
    String attackerSees(TestBrowser attacker, int status, String location, String body, String page) {
        StringBuilder seen = new StringBuilder(body);
        if ("/_gatehouse/enroll".equals(location)) {
            TestBrowser.Page enroll = attacker.get("/_gatehouse/enroll");
            Matcher key = Pattern.compile("id=\"gh-key\">([A-Z2-7 ]+)</code>").matcher(enroll.body());
            if (key.find()) {
                Authenticator own = Authenticator.scan(enroll.body(), gatehouse.clock());
                attacker.postForm(
                        "/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", own.code(0));
                nextStep();
            }
        }
        TestBrowser.Page after = attacker.get(page);
        seen.append("\n---- ")
                .append(page)
                .append(" (")
                .append(after.status())
                .append(")\n")
                .append(after.body());
        return seen.toString();
    }

    /**
     * Sends a request exactly as written (target, body) with the browser's cookies, as an attacker's script does;
     * keeps the cookies it sets in the browser.
     */
    RawHttp.Response raw(TestBrowser browser, String method, String target, String contentType, String body) {
        StringBuilder cookies = new StringBuilder();
        browser.cookies()
                .forEach((name, value) -> cookies.append(cookies.isEmpty() ? "" : "; ")
                        .append(name)
                        .append('=')
                        .append(value));
        String request = method + " " + target + " HTTP/1.1\r\nHost: localhost:" + gatehouse.port() + "\r\n"
                + "Accept: text/html\r\n"
                + (cookies.isEmpty() ? "" : "Cookie: " + cookies + "\r\n")
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1).length + "\r\n"
                + "Connection: close\r\n\r\n" + body;
        RawHttp.Response response = RawHttp.send(gatehouse.port(), request);
        for (String setCookie : response.headers("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int equals = pair.indexOf('=');
            String name = pair.substring(0, equals).trim();
            String value = pair.substring(equals + 1).trim();
            if (value.isEmpty() || value.equals("deleted") || setCookie.contains("Max-Age=0")) {
                browser.removeCookie(name);
            } else {
                browser.setCookie(name, value);
            }
        }
        return response;
    }

    /** The body of a raw response. */
    static String body(RawHttp.Response response) {
        int end = response.raw().indexOf("\r\n\r\n");
        return end < 0 ? "" : response.raw().substring(end + 4);
    }

    /** Moves Gatehouse's clock to the next TOTP step, so a code is not refused as replayed. */
    void nextStep() {
        gatehouse.clock().advance(Duration.ofSeconds(30));
    }

    /** How many lines of the application's log so far match {@code line}. */
    long logged(Predicate<String> line) {
        return app.logLines().stream().filter(line).count();
    }

    /** The value of a hidden form field on an application page. */
    static String field(String page, String name) {
        Matcher matcher = Pattern.compile("name=\"" + Pattern.quote(name) + "\"[^>]*?value=\"([^\"]*)\"")
                .matcher(page);
        assertThat(matcher.find()).as("the page has a %s field", name).isTrue();
        return matcher.group(1);
    }
}
