package io.gatehouse.realapps;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.Authenticator;
import io.gatehouse.support.TestBrowser;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DokuWiki (Debian {@code dokuwiki} on PHP's built-in server) behind Gatehouse configured exactly as
 * {@code docs/recipes/dokuwiki.md} says. The oracle is DokuWiki's "Logged in as" line, which only signed-in pages
 * carry, and the built-in server's request log.
 */
class DokuWikiIntegrationTests {

    static final Path RECIPE = Path.of("docs/recipes/dokuwiki.md");
    static final String START = "/doku.php?id=start";

    static DokuWiki wiki;
    static GatehouseInFront gatehouse;
    static RealAppJourney journey;

    @BeforeAll
    static void start() {
        wiki = (DokuWiki) new DokuWiki().started();
        gatehouse = GatehouseInFront.start(RECIPE, wiki, "gatehouse.admins.users[0]=" + wiki.otherUser());
        journey = new RealAppJourney(wiki, gatehouse);
    }

    @AfterAll
    static void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (wiki != null) {
            wiki.close();
        }
    }

    @Test
    void journeyWhenAdminSignsInWithWikiFormThenEnrollsLogsOutPassesChallengeIsDisabledAndReEnrolls() {
        String alice = wiki.adminUser();
        TestBrowser browser = gatehouse.browser();

        TestBrowser.Page anonymous = browser.get(START);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body()).doesNotContain(wiki.signedInMarker());
        assertThat(browser.cookies()).containsKey("DokuWiki");

        // A wrong password: DokuWiki's 403 "Login failed", no DW cookie.
        TestBrowser.Page wrong = signIn(browser, alice, "not-the-password");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.body()).contains("username or password was wrong");
        assertThat(browser.cookies().keySet()).noneMatch(name -> name.startsWith("DW"));

        // The right password: 302 with the DW cookie, held by Gatehouse until enrollment.
        TestBrowser.Page login = signIn(browser, alice, wiki.adminPassword());
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.location()).isEqualTo("/_gatehouse/enroll");
        assertThat(browser.cookies().keySet()).noneMatch(name -> name.startsWith("DW"));
        assertThat(browser.get(START).location()).isEqualTo("/_gatehouse/enroll");

        Authenticator phone = journey.enroll(browser);
        assertThat(browser.cookies().keySet()).anyMatch(name -> name.startsWith("DW"));
        TestBrowser.Page page = browser.get(START);
        assertThat(page.body()).contains(wiki.signedInMarker()).contains("(<bdi>alice</bdi>)");
        TestBrowser.Page admin = browser.get(START + "&do=admin&page=usermanager");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body()).contains("User Manager").contains("root@example.org");

        // DokuWiki's logout expires its DW cookie; Gatehouse's session ends with it.
        TestBrowser.Page logout = browser.get(START + "&do=logout&sectok=" + logoutToken(page.body()));
        assertThat(logout.status()).isEqualTo(302);
        assertThat(browser.cookies().keySet()).noneMatch(name -> name.startsWith("DW"));
        assertThat(browser.get(START).body()).doesNotContain(wiki.signedInMarker());
        assertThat(browser.get("/_gatehouse/account").status()).isNotEqualTo(200);

        // Signing in again asks for a passcode.
        TestBrowser.Page again = signIn(browser, alice, wiki.adminPassword());
        assertThat(again.location()).isEqualTo("/_gatehouse/challenge");
        journey.passChallenge(browser, phone);
        assertThat(browser.get(START).body()).contains(wiki.signedInMarker());

        // Gatehouse's administrator (another wiki user) turns alice's 2FA off: her Gatehouse session ends at once.
        TestBrowser root = gatehouse.browser();
        assertThat(signIn(root, wiki.otherUser(), wiki.otherPassword()).location()).isEqualTo("/_gatehouse/enroll");
        journey.enroll(root);
        journey.adminDisables(root, alice);
        assertThat(browser.get("/_gatehouse/account").status()).isNotEqualTo(200);

        // Her next sign-in enrolls her anew, with a new QR code.
        TestBrowser later = gatehouse.browser();
        assertThat(signIn(later, alice, wiki.adminPassword()).location()).isEqualTo("/_gatehouse/enroll");
        journey.reEnroll(later, phone);
        assertThat(later.get(START).body()).contains(wiki.signedInMarker());
    }

    /** DokuWiki's own form: opened for its security token, posted as the browser does. */
    static TestBrowser.Page signIn(TestBrowser browser, String user, String password) {
        TestBrowser.Page form = browser.get(START + "&do=login");
        assertThat(form.status()).isEqualTo(200);
        return browser.postForm(START, "sectok", RealAppJourney.field(form.body(), "sectok"), "id", "start",
                "do", "login", "u", user, "p", password);
    }

    private static String logoutToken(String page) {
        Matcher token = Pattern.compile("do=logout&amp;sectok=([0-9a-f]+)").matcher(page);
        assertThat(token.find()).as("the page has a logout link").isTrue();
        return token.group(1);
    }
}
