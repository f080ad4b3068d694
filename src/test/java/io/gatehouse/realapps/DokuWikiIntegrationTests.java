package io.gatehouse.realapps;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.Authenticator;
import io.gatehouse.support.RawHttp;
import io.gatehouse.support.TestBrowser;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

        // Anonymous: Gatehouse sends the browser to DokuWiki's login form; DokuWiki never sees the request.
        long anonymousViews =
                journey.logged(line -> line.contains("GET " + START + " ") || line.contains(START + " -"));
        TestBrowser.Page anonymous = browser.get(START);
        assertThat(anonymous.status()).isEqualTo(303);
        assertThat(anonymous.location()).isEqualTo("/doku.php?do=login");
        assertThat(journey.logged(line -> line.contains("GET " + START + " ") || line.contains(START + " -")))
                .isEqualTo(anonymousViews);

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
        assertThat(signIn(root, wiki.otherUser(), wiki.otherPassword()).location())
                .isEqualTo("/_gatehouse/enroll");
        journey.enroll(root);
        journey.adminDisables(root, alice);
        assertThat(browser.get("/_gatehouse/account").status()).isNotEqualTo(200);

        // Her next sign-in enrolls her anew, with a new QR code.
        TestBrowser later = gatehouse.browser();
        assertThat(signIn(later, alice, wiki.adminPassword()).location()).isEqualTo("/_gatehouse/enroll");
        journey.reEnroll(later, phone);
        assertThat(later.get(START).body()).contains(wiki.signedInMarker());
    }

    /**
     * Password-only attacks: method, target, content type, body. DokuWiki signs in wherever {@code u} and {@code p}
     * appear (query or body, any script, HTTP Basic); Gatehouse refuses credentials outside the login, and for the
     * login itself asks DokuWiki who signed in (the recipe's identity probe), whatever the attacker wrote.
     */
    static Stream<Arguments> passwordOnlyAttacks() {
        String form = "application/x-www-form-urlencoded";
        String login = "sectok=&id=start&do=login&";
        return Stream.of(
                Arguments.of("encoded field name alone", "POST", START, form, login + "%75=carol&p={pw}"),
                Arguments.of(
                        "duplicate username fields, a decoy first (PHP reads the last)",
                        "POST",
                        START,
                        form,
                        login + "u=mallory&u=carol&p={pw}"),
                Arguments.of(
                        "encoded field name after a decoy (PHP decodes names)",
                        "POST",
                        START,
                        form,
                        login + "u=mallory&%75=carol&p={pw}"),
                Arguments.of(
                        "username in the query, a decoy in the body",
                        "POST",
                        START + "&u=carol",
                        form,
                        login + "u=mallory&p={pw}"),
                Arguments.of(
                        "username in capitals (DokuWiki folds case)", "POST", START, form, login + "u=CAROL&p={pw}"),
                Arguments.of(
                        "login URL with a double slash", "POST", "//doku.php?id=start", form, login + "u=carol&p={pw}"),
                Arguments.of(
                        "multipart login",
                        "POST",
                        START,
                        "multipart/form-data; boundary=XyZ",
                        "--XyZ\r\nContent-Disposition: form-data; name=\"u\"\r\n\r\ncarol\r\n--XyZ\r\n"
                                + "Content-Disposition: form-data; name=\"p\"\r\n\r\n{pw}\r\n--XyZ--\r\n"),
                Arguments.of("remember me", "POST", START, form, login + "u=carol&p={pw}&r=1"),
                Arguments.of(
                        "credentials posted to the admin page without do=login",
                        "POST",
                        START + "&do=admin&page=usermanager",
                        form,
                        "u=carol&p={pw}"),
                Arguments.of(
                        "credentials in the query of a GET of the admin page",
                        "GET",
                        START + "&do=admin&page=usermanager&u=carol&p={pw}",
                        null,
                        ""),
                Arguments.of(
                        "credentials in the query of a public script (css.php, bypass)",
                        "GET",
                        "/lib/exe/css.php?u=carol&p={pw}",
                        null,
                        ""),
                Arguments.of(
                        "remember-me login in the query of a public script (js.php, bypass)",
                        "GET",
                        "/lib/exe/js.php?u=carol&p={pw}&r=1",
                        null,
                        ""),
                Arguments.of(
                        "a second login endpoint: ajax.php",
                        "POST",
                        "/lib/exe/ajax.php",
                        form,
                        "call=qsearch&q=x&u=carol&p={pw}"),
                Arguments.of("a second login endpoint: feed.php", "GET", "/feed.php?u=carol&p={pw}", null, ""),
                Arguments.of(
                        "a second login endpoint: doku.php with path info",
                        "POST",
                        "/doku.php/start",
                        form,
                        login + "u=carol&p={pw}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passwordOnlyAttacks")
    void attackWhenOnlyThePasswordIsKnownThenVictimIsNeverShown(
            String attack, String method, String target, String contentType, String body) {
        journey.victimEnrolled(victim -> signIn(victim, wiki.victimUser(), wiki.victimPassword()));
        TestBrowser attacker = gatehouse.browser();
        attacker.get(START);
        String pw = wiki.victimPassword();

        RawHttp.Response answer = journey.raw(
                attacker,
                method,
                target.replace("{pw}", pw),
                contentType,
                body.replace("{pw}", pw).replace("mallory", "mallory" + System.nanoTime()));

        String seen = journey.attackerSees(
                attacker, answer.status(), answer.header("Location"), RealAppJourney.body(answer), START + "&do=admin");
        assertThat(seen).as(attack).doesNotContain("(<bdi>carol</bdi>)");
    }

    @Test
    void stolenCookieWhenPresentedOnAnyWikiPageThenVictimIsNeverShown() {
        TestBrowser victim =
                journey.victimSignedIn(browser -> signIn(browser, wiki.victimUser(), wiki.victimPassword()));
        assertThat(victim.get(START).body()).contains("(<bdi>carol</bdi>)");
        TestBrowser thief = gatehouse.browser();
        victim.cookies().forEach((name, value) -> {
            if (!name.startsWith("gatehouse")) {
                thief.setCookie(name, value);
            }
        });

        assertThat(thief.get(START + "&do=admin").body()).doesNotContain("(<bdi>carol</bdi>)");
    }

    /**
     * Saving a page is a {@code POST /doku.php}, as the login is (DokuWiki sends {@code do=login} in the body, which a
     * login matcher cannot read): it carries no password and sets no session cookie, so it is no sign-in.
     */
    @Test
    void pageSaveWhenSignedInThenSavedWithoutAnotherSecondFactor() {
        TestBrowser browser =
                journey.victimSignedIn(victim -> signIn(victim, wiki.victimUser(), wiki.victimPassword()));
        TestBrowser.Page editor = browser.get("/doku.php?id=playground&do=edit");
        assertThat(editor.status()).isEqualTo(200);
        long saves = journey.logged(line -> line.contains("POST /doku.php?id=playground"));

        TestBrowser.Page saved = browser.postForm(
                "/doku.php?id=playground",
                "sectok",
                RealAppJourney.field(editor.body(), "sectok"),
                "id",
                "playground",
                "wikitext",
                "Saved through Gatehouse",
                "summary",
                "test",
                "do[save]",
                "Save");

        assertThat(journey.logged(line -> line.contains("POST /doku.php?id=playground")))
                .isEqualTo(saves + 1);
        assertThat(saved.status()).isIn(302, 303);
        assertThat(saved.location()).doesNotStartWith("/_gatehouse/");
        assertThat(browser.get("/doku.php?id=playground").body())
                .contains("Saved through Gatehouse")
                .contains("(<bdi>carol</bdi>)");
    }

    /**
     * The recipe as first written here listed only {@code DW*}: the probe, sent with the held {@code DW} cookie alone,
     * finds nobody signed in (DokuWiki binds that cookie to its PHP session), and Gatehouse then treats the answer as a
     * failed login and delivers it, {@code DW} cookie and the page rendered for the victim included.
     */
    @Test
    void probeWhenItFindsNobodyAfterAnAnswerThatSetADwCookieThenThatAnswerIsNotDelivered() {
        try (GatehouseInFront probeBlind =
                GatehouseInFront.start(RECIPE, wiki, "gatehouse.upstream.session-cookies[0]=DW*")) {
            TestBrowser attacker = probeBlind.browser();
            attacker.get(START + "&do=login");
            RealAppJourney blind = new RealAppJourney(wiki, probeBlind);

            RawHttp.Response answer = blind.raw(
                    attacker,
                    "POST",
                    START + "&do=admin&page=usermanager",
                    "application/x-www-form-urlencoded",
                    "u=carol&p=" + wiki.victimPassword());

            assertThat(RealAppJourney.body(answer))
                    .doesNotContain("(<bdi>carol</bdi>)")
                    .doesNotContain("User Manager");
            assertThat(answer.headers("Set-Cookie"))
                    .noneMatch(cookie ->
                            cookie.startsWith("DW") && !cookie.contains("Max-Age=0") && !cookie.contains("deleted"));
        }
    }

    @Test
    void basicCredentialsWhenSentToAWikiPageThenRefusedBeforeDokuWiki() {
        long before = journey.logged(line -> line.contains("do=admin"));

        TestBrowser.Page page = gatehouse
                .browser()
                .get(START + "&do=admin", headers -> headers.setBasicAuth(wiki.victimUser(), wiki.victimPassword()));

        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("credentials_not_allowed").doesNotContain("(<bdi>carol</bdi>)");
        assertThat(journey.logged(line -> line.contains("do=admin"))).isEqualTo(before);
    }

    @Test
    void anonymousWhenAdminPageRequestedThenSentToTheLoginAndDokuWikiNeverAsked() {
        long before = journey.logged(line -> line.contains("do=admin"));

        TestBrowser.Page page = gatehouse.browser().get(START + "&do=admin");

        assertThat(page.status()).isEqualTo(303);
        assertThat(page.location()).isEqualTo("/doku.php?do=login");
        assertThat(journey.logged(line -> line.contains("do=admin"))).isEqualTo(before);
    }

    @Test
    void rememberMeCookieWhenPresentedOnAPublicScriptThenNoWikiPageIsShownAsTheVictim() {
        TestBrowser victim = gatehouse.browser();
        journey.victimEnrolled(browser -> signIn(browser, wiki.victimUser(), wiki.victimPassword()));
        assertThat(signIn(victim, wiki.victimUser(), wiki.victimPassword(), true)
                        .location())
                .isEqualTo("/_gatehouse/challenge");
        journey.passChallengeAsVictim(victim);
        assertThat(victim.get(START).body()).contains("(<bdi>carol</bdi>)");
        TestBrowser thief = gatehouse.browser();
        victim.cookies().forEach((name, value) -> {
            if (name.startsWith("DW")) {
                thief.setCookie(name, value);
            }
        });

        String seen = thief.get("/lib/exe/js.php").body()
                + thief.get("/lib/exe/css.php").body()
                + thief.get(START).body()
                + thief.get(START + "&do=admin").body();

        assertThat(seen).doesNotContain("(<bdi>carol</bdi>)");
    }

    /** DokuWiki's own form: opened for its security token, posted as the browser does. */
    static TestBrowser.Page signIn(TestBrowser browser, String user, String password) {
        return signIn(browser, user, password, false);
    }

    /** The same, with "Remember me" ticked or not. */
    static TestBrowser.Page signIn(TestBrowser browser, String user, String password, boolean remember) {
        TestBrowser.Page form = browser.get(START + "&do=login");
        assertThat(form.status()).isEqualTo(200);
        String sectok = RealAppJourney.field(form.body(), "sectok");
        return remember
                ? browser.postForm(
                        START, "sectok", sectok, "id", "start", "do", "login", "u", user, "p", password, "r", "1")
                : browser.postForm(START, "sectok", sectok, "id", "start", "do", "login", "u", user, "p", password);
    }

    private static String logoutToken(String page) {
        Matcher token = Pattern.compile("do=logout&amp;sectok=([0-9a-f]+)").matcher(page);
        assertThat(token.find()).as("the page has a logout link").isTrue();
        return token.group(1);
    }
}
