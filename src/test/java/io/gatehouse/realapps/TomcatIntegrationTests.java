package io.gatehouse.realapps;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.Authenticator;
import io.gatehouse.support.RawHttp;
import io.gatehouse.support.TestBrowser;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tomcat 10 (Debian {@code tomcat10}, {@code tomcat10-examples}, {@code tomcat10-admin}): the examples' FORM login and
 * the Manager's HTTP BASIC behind Gatehouse configured exactly as {@code docs/recipes/tomcat-form-login.md} says. The
 * oracle is Tomcat's access log, which names the authenticated user, and its protected page.
 */
class TomcatIntegrationTests {

    static final Path RECIPE = Path.of("docs/recipes/tomcat-form-login.md");
    static final String PAGE = TomcatApps.PROTECTED + "index.jsp";
    static final String LOGIN = TomcatApps.PROTECTED + "j_security_check";

    static TomcatApps tomcat;
    static GatehouseInFront gatehouse;
    static RealAppJourney journey;

    @BeforeAll
    static void start() {
        tomcat = (TomcatApps) new TomcatApps().started();
        gatehouse = GatehouseInFront.start(RECIPE, tomcat, "gatehouse.admins.users[0]=" + tomcat.otherUser());
        journey = new RealAppJourney(tomcat, gatehouse);
    }

    @AfterAll
    static void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void journeyWhenUserSignsInWithFormThenEnrollsLogsOffPassesChallengeIsDisabledAndReEnrolls() {
        String alice = tomcat.adminUser();
        TestBrowser browser = gatehouse.browser();

        // Anonymous: Tomcat answers the protected page with its login form and a session for the saved request.
        TestBrowser.Page anonymous = browser.get(PAGE);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body()).contains("j_security_check").doesNotContain(tomcat.signedInMarker());
        String anonymousSession = browser.cookies().get("JSESSIONID");
        assertThat(anonymousSession).isNotNull();

        // A wrong password: Tomcat's error page, no new session.
        TestBrowser.Page wrong = browser.postForm(LOGIN, "j_username", alice, "j_password", "not-the-password");
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body()).contains("Invalid user name and/or password");
        assertThat(browser.cookies()).containsEntry("JSESSIONID", anonymousSession);

        // The right password: 303 with a new JSESSIONID, held by Gatehouse until enrollment.
        long logins = journey.logged(line -> line.contains(" alice ") && line.contains("\"POST " + LOGIN));
        TestBrowser.Page login = signIn(browser, alice, tomcat.adminPassword());
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.location()).isEqualTo("/_gatehouse/enroll");
        assertThat(journey.logged(line -> line.contains(" alice ") && line.contains("\"POST " + LOGIN)))
                .isEqualTo(logins + 1);
        long pages = journey.logged(line -> line.contains(" alice ") && line.contains("\"GET " + PAGE));
        // Until enrollment, the protected area sends her there (index.jsp itself is the login page, which stays open).
        assertThat(browser.get(TomcatApps.PROTECTED).location()).isEqualTo("/_gatehouse/enroll");
        assertThat(journey.logged(line -> line.contains(" alice ") && line.contains("\"GET " + PAGE)))
                .isEqualTo(pages);

        Authenticator phone = journey.enroll(browser);
        TestBrowser.Page page = browser.get(PAGE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(tomcat.signedInMarker()).contains("<b>alice</b>");
        assertThat(browser.get(PAGE + "?role=tomcat").body()).contains("You have been granted role");
        assertThat(journey.logged(line -> line.contains(" alice ") && line.contains("\"GET " + PAGE)))
                .isEqualTo(pages + 2);

        // Tomcat's own log off ends Tomcat's session: the page asks for the password again.
        String oldSession = browser.cookies().get("JSESSIONID");
        assertThat(browser.get(PAGE + "?logoff=true").status()).isEqualTo(302);
        assertThat(browser.get(PAGE).body()).contains("j_security_check").doesNotContain(tomcat.signedInMarker());
        TestBrowser replay = gatehouse.browser();
        replay.setCookie("JSESSIONID", oldSession);
        TestBrowser.Page replayed = replay.get(PAGE);
        assertThat(replayed.body()).doesNotContain(tomcat.signedInMarker());

        // Signing in again asks for a passcode.
        TestBrowser.Page again = signIn(browser, alice, tomcat.adminPassword());
        assertThat(again.location()).isEqualTo("/_gatehouse/challenge");
        assertThat(journey.passChallenge(browser, phone)).isEqualTo(PAGE);
        assertThat(browser.get(PAGE).body()).contains(tomcat.signedInMarker());

        // Gatehouse's administrator (another Tomcat user) turns alice's 2FA off: her session ends at once.
        TestBrowser root = gatehouse.browser();
        assertThat(signIn(root, tomcat.otherUser(), tomcat.otherPassword()).location())
                .isEqualTo("/_gatehouse/enroll");
        journey.enroll(root);
        journey.adminDisables(root, alice);
        TestBrowser.Page ended = browser.get(TomcatApps.PROTECTED);
        assertThat(ended.status()).isEqualTo(303);
        assertThat(ended.location()).isEqualTo(PAGE);
        assertThat(browser.cookies()).doesNotContainKey("JSESSIONID");

        // Her next sign-in enrolls her anew, with a new QR code.
        TestBrowser later = gatehouse.browser();
        assertThat(signIn(later, alice, tomcat.adminPassword()).location()).isEqualTo("/_gatehouse/enroll");
        journey.reEnroll(later, phone);
        assertThat(later.get(PAGE).body()).contains(tomcat.signedInMarker());
    }

    @Test
    void basicCredentialsWhenSentToTheProtectedPageThenRefusedBeforeTomcat() {
        long before = journey.logged(line -> line.contains("\"GET " + PAGE));

        TestBrowser.Page page = gatehouse
                .browser()
                .get(PAGE, headers -> headers.setBasicAuth(tomcat.victimUser(), tomcat.victimPassword()));

        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("credentials_not_allowed");
        assertThat(journey.logged(line -> line.contains("\"GET " + PAGE))).isEqualTo(before);
    }

    @Test
    void managerWhenBasicCredentialsThroughGatehouseThenRefusedAndTomcatNeverAsked() {
        long before = journey.logged(line -> line.contains("/manager/"));
        TestBrowser browser = gatehouse.browser();

        TestBrowser.Page status = browser.get(
                "/manager/status", headers -> headers.setBasicAuth(tomcat.adminUser(), tomcat.adminPassword()));

        assertThat(status.status()).isEqualTo(403);
        assertThat(browser.get("/manager/html").status()).isEqualTo(403);
        assertThat(journey.logged(line -> line.contains("/manager/"))).isEqualTo(before);
        // Directly, the same credentials are all the Manager asks for.
        assertThat(tomcat.send(java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(tomcat.baseUrl() + "/manager/status"))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + java.util.Base64.getEncoder()
                                                        .encodeToString(
                                                                (tomcat.adminUser() + ":" + tomcat.adminPassword())
                                                                        .getBytes()))
                                .build())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void stolenCookieWhenPresentedOnTheLoginPageThenTheProtectedPageIsNeverServed() {
        TestBrowser victim =
                journey.victimSignedIn(browser -> signIn(browser, tomcat.victimUser(), tomcat.victimPassword()));
        assertThat(victim.get(PAGE).body()).contains("<b>carol</b>");
        TestBrowser thief = gatehouse.browser();
        long seen = journey.logged(line -> line.contains(" carol ") && line.contains("\"GET " + PAGE));

        thief.setCookie("JSESSIONID", victim.cookies().get("JSESSIONID"));
        assertThat(thief.get(TomcatApps.PROTECTED).location()).isEqualTo(PAGE);
        thief.setCookie("JSESSIONID", victim.cookies().get("JSESSIONID"));
        TestBrowser.Page stolen = thief.get(PAGE);

        assertThat(stolen.body()).doesNotContain(tomcat.signedInMarker());
        assertThat(journey.logged(line -> line.contains(" carol ") && line.contains("\"GET " + PAGE)))
                .isEqualTo(seen);
    }

    @Test
    void logoffWhenTomcatEndsItsSessionThenGatehouseSessionEndsToo() {
        TestBrowser victim =
                journey.victimSignedIn(browser -> signIn(browser, tomcat.victimUser(), tomcat.victimPassword()));
        assertThat(victim.get("/_gatehouse/account").status()).isEqualTo(200);

        assertThat(victim.get(PAGE + "?logoff=true").status()).isEqualTo(302);

        assertThat(victim.get(PAGE).body()).doesNotContain(tomcat.signedInMarker());
        assertThat(victim.get("/_gatehouse/account").status()).isNotEqualTo(200);
    }

    /**
     * Password-only attacks, each after the attacker's own visit to the protected page (Tomcat's saved request). Where
     * Tomcat would sign in (query before body, encoded names, any path ending in j_security_check), Gatehouse refuses
     * the request or asks Tomcat who signed in (the recipe's identity probe) and sends the attacker to the victim's
     * challenge.
     */
    static Stream<Arguments> passwordOnlyAttacks() {
        return Stream.of(
                Arguments.of("encoded field name alone", "POST", LOGIN, "j_user%6Eame=carol&j_password={pw}"),
                Arguments.of(
                        "credentials only in the query of the login POST",
                        "POST",
                        LOGIN + "?j_username=carol&j_password={pw}",
                        ""),
                Arguments.of(
                        "credentials in the query, a decoy in the body (Tomcat reads the query first)",
                        "POST",
                        LOGIN + "?j_username=carol",
                        "j_username=mallory&j_password={pw}"),
                Arguments.of(
                        "encoded field name before a decoy (Tomcat decodes names)",
                        "POST",
                        LOGIN,
                        "j_user%6Eame=carol&j_username=mallory&j_password={pw}"),
                Arguments.of(
                        "duplicate username fields, the victim first (Tomcat reads the first)",
                        "POST",
                        LOGIN,
                        "j_username=carol&j_username=mallory&j_password={pw}"),
                Arguments.of(
                        "login URL with a path parameter", "POST", LOGIN + ";x=1", "j_username=carol&j_password={pw}"),
                Arguments.of(
                        "login URL spelt percent-encoded",
                        "POST",
                        TomcatApps.PROTECTED + "%6A_security_check",
                        "j_username=carol&j_password={pw}"),
                Arguments.of(
                        "login URL with a double slash",
                        "POST",
                        "/examples//jsp/security/protected/j_security_check",
                        "j_username=carol&j_password={pw}"),
                Arguments.of(
                        "session id in the URL instead of the cookie",
                        "POST",
                        LOGIN + ";jsessionid={sid}",
                        "j_username=carol&j_password={pw}"),
                Arguments.of(
                        "a second login endpoint: j_security_check elsewhere in the context",
                        "POST",
                        "/examples/j_security_check",
                        "j_username=carol&j_password={pw}"),
                Arguments.of(
                        "a second login endpoint: j_security_check under the public examples",
                        "POST",
                        "/examples/servlets/j_security_check",
                        "j_username=carol&j_password={pw}"),
                Arguments.of(
                        "credentials in the query of the protected page",
                        "GET",
                        PAGE + "?j_username=carol&j_password={pw}",
                        ""),
                Arguments.of(
                        "credentials posted to the protected page", "POST", PAGE, "j_username=carol&j_password={pw}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passwordOnlyAttacks")
    void attackWhenOnlyThePasswordIsKnownThenVictimsPageIsNeverShown(
            String attack, String method, String target, String body) {
        journey.victimEnrolled(victim -> signIn(victim, tomcat.victimUser(), tomcat.victimPassword()));
        TestBrowser attacker = gatehouse.browser();
        assertThat(attacker.get(PAGE).body()).contains("j_security_check");
        String session = attacker.cookies().get("JSESSIONID");
        if (target.contains("{sid}")) {
            attacker.removeCookie("JSESSIONID");
        }
        String pw = tomcat.victimPassword();
        body = body.replace("mallory", "mallory" + System.nanoTime());

        RawHttp.Response answer = journey.raw(
                attacker,
                method,
                target.replace("{pw}", pw).replace("{sid}", session),
                "application/x-www-form-urlencoded",
                body.replace("{pw}", pw));

        // The login page first: it is also the protected page, and the attacker has no reason to go elsewhere.
        String seen = journey.attackerSees(
                        attacker, answer.status(), answer.header("Location"), RealAppJourney.body(answer), PAGE)
                + attacker.get(TomcatApps.PROTECTED).body();
        assertThat(seen).as(attack).doesNotContain("<b>carol</b>");
    }

    /** What a browser does: asks for the protected page (Tomcat saves the request and shows the form), then posts it. */
    static TestBrowser.Page signIn(TestBrowser browser, String user, String password) {
        TestBrowser.Page form = browser.get(PAGE);
        assertThat(form.body()).contains("j_security_check");
        return browser.postForm(LOGIN, "j_username", user, "j_password", password);
    }
}
