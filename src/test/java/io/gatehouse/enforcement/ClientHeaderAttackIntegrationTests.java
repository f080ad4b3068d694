package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.gatehouse.support.RawHttp;
import io.gatehouse.support.TestBrowser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client headers that speak for identity, the client's address, the original URL, the method or a client
 * certificate: a site once behind another SSO proxy or a CDN believes them, so none reaches it from a client, in any
 * spelling that PHP or CGI maps to the same variable ({@code X_Forwarded_User}, {@code X-Forwarded_User}), on a
 * bypassed route as on a protected one. The upstream's journal is the oracle.
 */
class ClientHeaderAttackIntegrationTests extends AttackIntegrationTestSupport {

    /** The names docs/security-model.md promises to remove (every default entry the issue lists, and more). */
    static final List<String> SPOOFED = List.of(
            "X-Remote-User",
            "Remote-User",
            "X-Auth-User",
            "X-Auth-Request-User",
            "X-Auth-Request-Email",
            "X-Auth-Request-Preferred-Username",
            "X-Auth-Request-Groups",
            "X-Forwarded-User",
            "X-Forwarded-Email",
            "X-Forwarded-Preferred-Username",
            "X-Forwarded-Groups",
            "X-WEBAUTH-USER",
            "X-Remote-Email",
            "X-Remote-Groups",
            "X-User",
            "X-Username",
            "X-Email",
            "Remote-Email",
            "Remote-Name",
            "Remote-Groups",
            "X-Authenticated-Userid",
            "X-Consumer-Username",
            "X-MS-Client-Principal-Name",
            "X-Goog-Authenticated-User-Email",
            "X-Amzn-Oidc-Identity",
            "Cf-Access-Authenticated-User-Email",
            "X-Gatehouse-User",
            "X-Gatehouse-Auth",
            "X-Real-IP",
            "X-Client-IP",
            "True-Client-IP",
            "CF-Connecting-IP",
            "Fastly-Client-IP",
            "X-Cluster-Client-IP",
            "X-Envoy-External-Address",
            "X-ProxyUser-Ip",
            "Client-IP",
            "X-Originating-IP",
            "X-Original-Host",
            "X-Host",
            "X-Forwarded-Server",
            "X-Forwarded-Ssl",
            "X-Original-URL",
            "X-Rewrite-URL",
            "X-Original-URI",
            "X-Original-Method",
            "X-Forwarded-Uri",
            "X-Forwarded-Method",
            "X-Envoy-Original-Path",
            "X-Override-URL",
            "X-Client-Cert",
            "X-Forwarded-Client-Cert",
            "X-SSL-Client-S-DN",
            "X-SSL-Client-Verify",
            "SSL-Client-Cert",
            "X-Auth-Anything-Else",
            "X-Remote-Anything-Else",
            "Remote-Anything-Else",
            "X-HTTP-Method-Override",
            "X-HTTP-Method",
            "X-Method-Override");

    static Stream<Arguments> spellingsAndRoutes() {
        List<Arguments> cases = new ArrayList<>();
        for (String route : List.of("bypass", "protected")) {
            cases.add(Arguments.of("as written", route, UnaryOperator.<String>identity()));
            cases.add(Arguments.of("with underscores", route, (UnaryOperator<String>) name -> name.replace('-', '_')));
            cases.add(Arguments.of("last dash an underscore, lower case", route, (UnaryOperator<String>) name -> {
                int dash = name.lastIndexOf('-');
                String mixed = dash < 0 ? name : name.substring(0, dash) + "_" + name.substring(dash + 1);
                return mixed.toLowerCase(Locale.ROOT);
            }));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} route, names {0}")
    @MethodSource("spellingsAndRoutes")
    void spoofedHeadersWhenAnySpellingThenForwardedOnceWithoutThem(
            String spelling, String route, UnaryOperator<String> spell) {
        List<String> lines =
                new ArrayList<>(List.of("Accept: text/html", spell.apply("X-Request-Id") + ": control-header"));
        for (int i = 0; i < SPOOFED.size(); i++) {
            // A method-override value is a method name the policy judges; "SPOOFED" is as good as any.
            lines.add(spell.apply(SPOOFED.get(i)) + ": spoofed-" + i);
        }
        String path = "bypass".equals(route) ? "/public/page" : "/reports/home";
        if (!"bypass".equals(route)) {
            lines.add(cookieHeader(passwordOnlyBrowser()));
        }

        RawHttp.Response response =
                RawHttp.send(port, RawHttp.request("GET " + path + " HTTP/1.1", lines.toArray(String[]::new)));

        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        LoggedRequest forwarded = assertThat(received()).singleElement().actual();
        assertThat(forwarded.getHeaders().all())
                .as("an ordinary header in the same spelling still arrives")
                .anyMatch(h -> h.key().equals(spell.apply("X-Request-Id"))
                        && h.values().contains("control-header"));
        SoftAssertions softly = new SoftAssertions();
        for (HttpHeader header : forwarded.getHeaders().all()) {
            softly.assertThat(String.join(",", header.values()).toLowerCase(Locale.ROOT))
                    .as("%s reached the site (sent %s)", header.key(), spelling)
                    .doesNotContain("spoofed");
        }
        softly.assertAll();
    }

    @Test
    @DisplayName("A method override on a bypassed read is judged, then kept from the site (strip is the default)")
    void methodOverrideWhenJudgedThenNotForwarded() {
        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request(
                        "GET /api/users/7 HTTP/1.1",
                        "Accept: application/json",
                        "X-HTTP-Method-Override: GET",
                        "X_HTTP_Method_Override: GET"));

        assertThat(response.status()).isEqualTo(200);
        LoggedRequest forwarded = assertThat(received()).singleElement().actual();
        assertThat(forwarded.getHeaders().all())
                .noneMatch(
                        h -> h.key().toLowerCase(Locale.ROOT).replace('_', '-').contains("method-override"));
    }

    @Test
    @DisplayName("Underscore spelling of a method override is judged like the dashed one, never slipped past a rule")
    void methodOverrideWithUnderscoresWhenBypassOnlyForReadsThenRefusedOrStripped() {
        TestBrowser mallory = passwordOnlyBrowser();

        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request(
                        "GET /api/users/7 HTTP/1.1",
                        "Accept: application/json",
                        "X_HTTP_Method_Override: DELETE",
                        cookieHeader(mallory)));

        // Either the override is refused, or the site gets a plain GET it cannot turn into a DELETE.
        if (response.isSuccess()) {
            assertThat(received())
                    .singleElement()
                    .satisfies(request -> assertThat(request.getHeaders().all())
                            .noneMatch(h -> h.values().contains("DELETE")));
        } else {
            assertThat(received()).isEmpty();
        }
    }
}
