package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.RawHttp;
import io.gatehouse.support.TestBrowser;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Smuggling a stolen upstream session cookie past the fingerprint check, in a form a strict cookie parser drops or
 * names differently but some upstream reads: after a comma (RFC 2965 parsers split on it), under a name PHP maps to
 * the session cookie's, quoted, or repeated. A browser whose own session cookies were released (password-only, on an
 * optional route) adds the stolen one; the request must never reach the upstream.
 */
class CookieSmugglingAttackIntegrationTests extends AttackIntegrationTestSupport {

    static Stream<Arguments> smuggledCookies() {
        return Stream.of(
                Arguments.of("after a comma inside another cookie's value", "theme=dark, LEGACYSESSID=victim-session"),
                Arguments.of("after a comma, no space", "theme=dark,LEGACYSESSID=victim-session"),
                Arguments.of("as a PHP array element", "LEGACYSESSID[0]=victim-session"),
                Arguments.of("with a leading space in the name", " LEGACYSESSID=victim-session"),
                Arguments.of("with another case", "legacysessid=victim-session"),
                Arguments.of("percent-encoded name", "LEGACY%53ESSID=victim-session"),
                Arguments.of("quoted value", "LEGACYSESSID=\"victim-session\""),
                Arguments.of("with a character a strict parser rejects", "LEGACYSESSID=victim\\session"));
    }

    @ParameterizedTest(name = "stolen cookie {0}: {1}")
    @MethodSource("smuggledCookies")
    void releasedSessionWithSmuggledCookieThenRefusedAndNeverForwarded(String how, String smuggled) {
        TestBrowser mallory = passwordOnlyBrowser();

        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request(
                        "GET /reports/home HTTP/1.1", "Accept: text/html", cookieHeader(mallory) + "; " + smuggled));

        assertThat(response.isSuccess()).as(how + "\n" + response.raw()).isFalse();
        assertThat(received()).as(how).isEmpty();
    }

    @Test
    void releasedSessionWithItsOwnCookiesOnlyThenForwarded() {
        TestBrowser mallory = passwordOnlyBrowser();

        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request(
                        "GET /reports/home HTTP/1.1",
                        "Accept: text/html",
                        cookieHeader(mallory) + "; theme=dark, light"));

        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(received()).hasSize(1);
    }

    @Test
    void sessionCookieRepeatedThenNotTakenFromTheLocalCacheAndStillChecked() {
        TestBrowser mallory = passwordOnlyBrowser();
        String own = mallory.cookies().get("gatehouse_session");

        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request(
                        "GET /reports/home HTTP/1.1",
                        "Accept: text/html",
                        cookieHeader(mallory) + "; gatehouse_session=" + own + "x"));

        // Spring Session reads the first id, whose session is released to these cookies: the request is served.
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(received()).hasSize(1);
        assertThat(received().get(0).getHeader("Cookie")).doesNotContain("gatehouse_session");
    }

    @Test
    void gatehouseSessionCookieWithSpacesAroundItsNameThenStillNotForwarded() {
        TestBrowser mallory = passwordOnlyBrowser();
        String own = mallory.cookies().get("gatehouse_session");

        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request(
                        "GET /public/page HTTP/1.1",
                        "Accept: text/html",
                        "Cookie: theme=dark;gatehouse_session =" + own + " ;  gatehouse_session=" + own));

        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(received()).hasSize(1);
        assertThat(received().get(0).getHeader("Cookie")).isEqualTo("theme=dark");
    }
}
