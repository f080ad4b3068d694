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
 * Django's admin (Debian {@code python3-django}, a {@code startproject} with its defaults) behind Gatehouse configured
 * exactly as {@code docs/recipes/django-admin.md} says. The oracle is Django's own request log and its admin pages.
 */
class DjangoAdminIntegrationTests {

    static final Path RECIPE = Path.of("docs/recipes/django-admin.md");

    static DjangoAdmin django;
    static GatehouseInFront gatehouse;
    static RealAppJourney journey;

    @BeforeAll
    static void start() {
        django = (DjangoAdmin) new DjangoAdmin().started();
        gatehouse = GatehouseInFront.start(RECIPE, django, "gatehouse.admins.users[0]=" + django.otherUser());
        journey = new RealAppJourney(django, gatehouse);
    }

    @AfterAll
    static void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (django != null) {
            django.close();
        }
    }

    @Test
    void journeyWhenAdminSignsInThroughGatehouseThenEnrollsLogsOutPassesChallengeIsDisabledAndReEnrolls() {
        String alice = django.adminUser();
        TestBrowser browser = gatehouse.browser();

        // Anonymous: Gatehouse sends the browser to Django's login form; Django never sees the request.
        long anonymousViews = journey.logged(line -> line.contains("\"GET /admin/ HTTP/1.1\""));
        TestBrowser.Page anonymous = browser.get("/admin/");
        assertThat(anonymous.status()).isEqualTo(303);
        assertThat(anonymous.location()).isEqualTo("/admin/login/");
        assertThat(journey.logged(line -> line.contains("\"GET /admin/ HTTP/1.1\"")))
                .isEqualTo(anonymousViews);

        // A wrong password is Django's business: its form again, no session.
        TestBrowser.Page wrong = signIn(browser, alice, "not-the-password");
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body()).contains("Please enter the correct username and password");
        assertThat(browser.cookies()).doesNotContainKey("sessionid");

        // The right password: Django answers 302 with a new sessionid, which Gatehouse holds until enrollment.
        long logins = journey.logged(line -> line.contains("\"POST /admin/login/?next=/admin/ HTTP/1.1\" 302"));
        TestBrowser.Page login = signIn(browser, alice, django.adminPassword());
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.location()).isEqualTo("/_gatehouse/enroll");
        assertThat(browser.everySetCookie())
                .noneMatch(cookie -> cookie.startsWith("sessionid=") && !cookie.startsWith("sessionid=;"));
        assertThat(browser.cookies()).containsKey("csrftoken").doesNotContainKey("sessionid");
        assertThat(journey.logged(line -> line.contains("\"POST /admin/login/?next=/admin/ HTTP/1.1\" 302")))
                .isEqualTo(logins + 1);
        long adminViews = journey.logged(line -> line.contains("\"GET /admin/ HTTP/1.1\""));
        assertThat(browser.get("/admin/").location()).isEqualTo("/_gatehouse/enroll");
        assertThat(journey.logged(line -> line.contains("\"GET /admin/ HTTP/1.1\"")))
                .isEqualTo(adminViews);

        Authenticator phone = journey.enroll(browser);
        assertThat(browser.cookies()).containsKey("sessionid");
        TestBrowser.Page index = browser.get("/admin/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.body())
                .contains(django.signedInMarker())
                .containsPattern("Welcome,\\s*<strong>alice</strong>");
        TestBrowser.Page users = browser.get("/admin/auth/user/");
        assertThat(users.status()).isEqualTo(200);
        assertThat(users.body()).contains("Select user to change").contains(django.otherUser());

        // Logout ends both sessions: the old cookies, replayed, reach no admin page.
        String oldSession = browser.cookies().get("sessionid");
        String oldGatehouse = browser.cookies().get("gatehouse_session");
        TestBrowser.Page logout = browser.get("/admin/logout/");
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.body()).contains("Logged out");
        assertThat(browser.cookies()).doesNotContainKey("sessionid");
        TestBrowser replay = gatehouse.browser();
        replay.setCookie("sessionid", oldSession);
        replay.setCookie("gatehouse_session", oldGatehouse);
        TestBrowser.Page replayed = replay.get("/admin/");
        assertThat(replayed.status()).isIn(302, 303);
        assertThat(replayed.location()).startsWith("/admin/login/");
        assertThat(gatehouse.browser().get("/_gatehouse/account").status()).isNotEqualTo(200);

        // Signing in again asks for a passcode.
        TestBrowser.Page again = signIn(browser, alice, django.adminPassword());
        assertThat(again.location()).isEqualTo("/_gatehouse/challenge");
        assertThat(journey.passChallenge(browser, phone)).isEqualTo("/admin/");
        assertThat(browser.get("/admin/").body()).contains(django.signedInMarker());

        // Gatehouse's administrator (Django's other superuser) turns alice's 2FA off: her session ends at once.
        TestBrowser root = gatehouse.browser();
        assertThat(signIn(root, django.otherUser(), django.otherPassword()).location())
                .isEqualTo("/_gatehouse/enroll");
        journey.enroll(root);
        journey.adminDisables(root, alice);
        TestBrowser.Page ended = browser.get("/admin/");
        assertThat(ended.status()).isEqualTo(303);
        assertThat(ended.location()).isEqualTo("/admin/login/");

        // Her next sign-in enrolls her anew, with a new QR code.
        TestBrowser later = gatehouse.browser();
        assertThat(signIn(later, alice, django.adminPassword()).location()).isEqualTo("/_gatehouse/enroll");
        journey.reEnroll(later, phone);
        assertThat(later.get("/admin/").body()).contains(django.signedInMarker());
    }

    /**
     * Password-only attacks: each request carries the victim's right password, and nothing else of theirs. Where
     * Django would sign in (duplicate or encoded username fields, multipart, spellings it accepts), Gatehouse either
     * refuses the request or asks Django itself who signed in (the recipe's identity probe) and sends the attacker to
     * the victim's challenge.
     */
    static Stream<Arguments> passwordOnlyAttacks() {
        String form = "application/x-www-form-urlencoded";
        String next = "&next=/admin/";
        return Stream.of(
                Arguments.of(
                        "encoded field name alone",
                        "POST",
                        "/admin/login/?next=/admin/",
                        form,
                        "csrfmiddlewaretoken={csrf}&user%6Eame=carol&password={pw}" + next),
                Arguments.of(
                        "duplicate username fields, a decoy first (Django reads the last)",
                        "POST",
                        "/admin/login/?next=/admin/",
                        form,
                        "csrfmiddlewaretoken={csrf}&username=mallory&username=carol&password={pw}" + next),
                Arguments.of(
                        "encoded field name after a decoy (Django decodes names)",
                        "POST",
                        "/admin/login/?next=/admin/",
                        form,
                        "csrfmiddlewaretoken={csrf}&username=mallory&user%6Eame=carol&password={pw}" + next),
                Arguments.of(
                        "username in the query, a decoy in the body",
                        "POST",
                        "/admin/login/?username=carol",
                        form,
                        "csrfmiddlewaretoken={csrf}&username=mallory&password={pw}" + next),
                Arguments.of(
                        "login URL spelt with a double slash",
                        "POST",
                        "//admin/login/?next=/admin/",
                        form,
                        "csrfmiddlewaretoken={csrf}&username=carol&password={pw}" + next),
                Arguments.of(
                        "login URL spelt percent-encoded",
                        "POST",
                        "/%61dmin/login/?next=/admin/",
                        form,
                        "csrfmiddlewaretoken={csrf}&username=carol&password={pw}" + next),
                Arguments.of(
                        "login URL without its trailing slash",
                        "POST",
                        "/admin/login?next=/admin/",
                        form,
                        "csrfmiddlewaretoken={csrf}&username=carol&password={pw}" + next),
                Arguments.of(
                        "login URL in capitals",
                        "POST",
                        "/ADMIN/LOGIN/?next=/admin/",
                        form,
                        "csrfmiddlewaretoken={csrf}&username=carol&password={pw}" + next),
                Arguments.of(
                        "credentials in the query of the login POST",
                        "POST",
                        "/admin/login/?username=carol&password={pw}",
                        form,
                        "csrfmiddlewaretoken={csrf}" + next),
                Arguments.of(
                        "multipart login",
                        "POST",
                        "/admin/login/?next=/admin/",
                        "multipart/form-data; boundary=XyZ",
                        "--XyZ\r\nContent-Disposition: form-data; "
                                + "name=\"csrfmiddlewaretoken\"\r\n\r\n{csrf}\r\n--XyZ\r\nContent-Disposition: form-data; "
                                + "name=\"username\"\r\n\r\ncarol\r\n--XyZ\r\nContent-Disposition: form-data; "
                                + "name=\"password\"\r\n\r\n{pw}\r\n--XyZ--\r\n"),
                Arguments.of(
                        "credentials posted to another admin URL",
                        "POST",
                        "/admin/",
                        form,
                        "csrfmiddlewaretoken={csrf}&username=carol&password={pw}"),
                Arguments.of(
                        "credentials in the query of an admin page",
                        "GET",
                        "/admin/auth/user/?username=carol&password={pw}",
                        null,
                        ""),
                Arguments.of(
                        "a second login endpoint (django.contrib.auth's)",
                        "POST",
                        "/accounts/login/",
                        form,
                        "csrfmiddlewaretoken={csrf}&username=carol&password={pw}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passwordOnlyAttacks")
    void attackWhenOnlyThePasswordIsKnownThenVictimsAdminIsNeverShown(
            String attack, String method, String target, String contentType, String body) {
        journey.victimEnrolled(victim -> signIn(victim, django.victimUser(), django.victimPassword()));
        TestBrowser attacker = gatehouse.browser();
        String csrf =
                RealAppJourney.field(attacker.get("/admin/login/?next=/admin/").body(), "csrfmiddlewaretoken");
        // A decoy nobody has used: Gatehouse would offer its enrollment to whoever names it first.
        body = body.replace("mallory", "mallory" + System.nanoTime());

        RawHttp.Response answer = journey.raw(
                attacker,
                method,
                target.replace("{pw}", django.victimPassword()),
                contentType,
                body.replace("{csrf}", csrf).replace("{pw}", django.victimPassword()));

        String seen = journey.attackerSees(
                attacker, answer.status(), answer.header("Location"), RealAppJourney.body(answer), "/admin/");
        assertThat(seen).as(attack).doesNotContain("<strong>carol</strong>");
    }

    @Test
    void stolenCookieWhenPresentedAnywhereThenNoAdminPageIsShown() {
        TestBrowser victim =
                journey.victimSignedIn(browser -> signIn(browser, django.victimUser(), django.victimPassword()));
        assertThat(victim.get("/admin/").body()).contains("<strong>carol</strong>");
        String stolen = victim.cookies().get("sessionid");

        for (String path : new String[] {"/admin/", "/admin/auth/user/", "/admin/login/?next=/admin/"}) {
            TestBrowser thief = gatehouse.browser();
            thief.setCookie("sessionid", stolen);
            TestBrowser.Page page = thief.get(path);
            // Refused by Gatehouse, or (the login page) forwarded without the cookie: Django shows a new visitor its
            // form.
            assertThat(page.status()).as(path).isIn(200, 303);
            assertThat(page.body())
                    .as(path)
                    .doesNotContain("<strong>carol</strong>")
                    .doesNotContain("Welcome,");
        }
    }

    @Test
    void basicCredentialsWhenSentToAdminThenRefusedBeforeDjango() {
        long before = journey.logged(line -> line.contains("\"GET /admin/auth/user/"));

        TestBrowser.Page page = gatehouse
                .browser()
                .get(
                        "/admin/auth/user/",
                        headers -> headers.setBasicAuth(django.victimUser(), django.victimPassword()));

        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("credentials_not_allowed");
        assertThat(journey.logged(line -> line.contains("\"GET /admin/auth/user/")))
                .isEqualTo(before);
    }

    @Test
    void anonymousWhenAdminAreaRequestedThenSentToDjangosLoginAndDjangoNeverAsked() {
        long before = journey.logged(line -> line.contains("\"GET /admin/auth/user/"));

        TestBrowser.Page page = gatehouse.browser().get("/admin/auth/user/");

        assertThat(page.status()).isEqualTo(303);
        assertThat(page.location()).isEqualTo("/admin/login/");
        assertThat(journey.logged(line -> line.contains("\"GET /admin/auth/user/")))
                .isEqualTo(before);
    }

    /** Django's own form: open it from an admin page (for its csrftoken and CSRF field), then post it. */
    static TestBrowser.Page signIn(TestBrowser browser, String user, String password) {
        TestBrowser.Page form = browser.get("/admin/login/?next=/admin/");
        assertThat(form.status()).isEqualTo(200);
        return browser.postForm(
                "/admin/login/?next=/admin/",
                "csrfmiddlewaretoken",
                RealAppJourney.field(form.body(), "csrfmiddlewaretoken"),
                "username",
                user,
                "password",
                password,
                "next",
                "/admin/");
    }
}
