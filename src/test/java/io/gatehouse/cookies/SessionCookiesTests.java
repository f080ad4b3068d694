package io.gatehouse.cookies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class SessionCookiesTests {

    private final SessionCookies cookies = new SessionCookies(List.of("wp_session", "PHPSESSID", "SESS*"));

    @ParameterizedTest
    @ValueSource(strings = {"wp_session", "WP_SESSION", "PHPSESSID", "phpsessid", "SESSabc123", "sessXYZ"})
    void isSessionCookieWhenNameOrGlobMatchesIgnoringCaseThenTrue(String name) {
        assertThat(cookies.isSessionCookie(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "wp.session",
                "wp session",
                "wp[session",
                "wp%5Fsession",
                " wp_session",
                "PHPSESSID[0]",
                "PHPSESSID[]",
                "PHP%53ESSID",
                "wp+session"
            })
    void isSessionCookieWhenNameIsOneAnApplicationReadsAsTheSessionCookieThenTrue(String name) {
        assertThat(cookies.isSessionCookie(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"theme", "wp_sessions", "xPHPSESSID", "PHPSESSID_backup", "wp.sess", "%zz"})
    void isSessionCookieWhenOtherNameThenFalse(String name) {
        assertThat(cookies.isSessionCookie(name)).isFalse();
    }

    @Test
    void inWhenRequestCarriesSessionCookiesThenEveryValueByName() {
        MockServerHttpRequest request = MockServerHttpRequest.get("/")
                .header("Cookie", "PHPSESSID=a; theme=dark, PHPSESSID=b; wp.session=c")
                .build();

        Map<String, List<String>> presented = cookies.in(request);

        assertThat(presented)
                .containsExactly(Map.entry("PHPSESSID", List.of("a", "b")), Map.entry("wp.session", List.of("c")));
    }

    @Test
    void expiryForWhenNameCannotBeInASetCookieThenSkippedNotFailed() {
        MockServerHttpRequest request = MockServerHttpRequest.get("/")
                .header("Cookie", "wp session=a; PHPSESSID=b")
                .build();

        assertThat(cookies.expiryFor(request))
                .containsExactly("PHPSESSID=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
