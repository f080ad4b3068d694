package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;

/** WireMock stand-ins for legacy sites in the three login styles Gatehouse must handle. */
final class LegacySiteStubs {

    private LegacySiteStubs() {}

    /** Everything else answers 200, as a site would for pages it serves. */
    private static void pages(WireMockServer upstream) {
        upstream.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body>page</body></html>")));
        upstream.stubFor(get(urlPathEqualTo("/admin"))
                .atPriority(5)
                .willReturn(aResponse().withStatus(302).withHeader("Location", "/login?next=%2Fadmin")));
        upstream.stubFor(
                get(urlPathEqualTo("/admin"))
                        .atPriority(1)
                        .withCookie("LEGACYSESSID", com.github.tomakehurst.wiremock.client.WireMock.matching(".+"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "text/html; charset=utf-8")
                                        .withBody(
                                                "<html><head><title>Admin</title></head><body class=\"admin\">Admin dashboard</body></html>")));
        // Signing out ends the site's session and clears its cookie, as real sites do.
        upstream.stubFor(any(urlPathEqualTo("/logout"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "/login")
                        .withHeader("Set-Cookie", "LEGACYSESSID=; Path=/; Max-Age=0")));
    }

    /** Form POST to /login answered 302 and the session cookie; a wrong password re-shows the form. */
    static void formLogin(WireMockServer upstream) {
        pages(upstream);
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(3)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<form>Invalid email or password</form>")));
        upstream.stubFor(post(urlPathEqualTo("/login"))
                .atPriority(2)
                .withRequestBody(containing("password=right"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", upstream.baseUrl() + "/admin")
                        .withHeader("Set-Cookie", "LEGACYSESSID=alice-session; Path=/; HttpOnly")
                        .withBody("upstream login body")));
    }

    /** JSON POST to /api/login answered 200 with a JSON body and the session cookie. */
    static void jsonLogin(WireMockServer upstream) {
        pages(upstream);
        upstream.stubFor(post(urlPathEqualTo("/api/login"))
                .atPriority(3)
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"bad credentials\"}")));
        upstream.stubFor(post(urlPathEqualTo("/api/login"))
                .atPriority(2)
                .withRequestBody(containing("\"password\":\"right\""))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Set-Cookie", "LEGACYSESSID=alice-session; Path=/; HttpOnly")
                        .withBody("{\"token\":\"secret-upstream-token\",\"ok\":true}")));
    }

    /** Form POST answered 200 with a meta refresh to the dashboard and the session cookie. */
    static void metaRefreshLogin(WireMockServer upstream) {
        pages(upstream);
        upstream.stubFor(post(urlPathEqualTo("/login.php"))
                .atPriority(3)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<p>Login failed</p>")));
        upstream.stubFor(post(urlPathEqualTo("/login.php"))
                .atPriority(2)
                .withRequestBody(containing("pass=right"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withHeader("Set-Cookie", "LEGACYSESSID=alice-session; Path=/")
                        .withBody("<html><head><meta http-equiv=\"refresh\" content=\"0;url=/admin\"></head></html>")));
    }
}
