package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.RawHttp;
import io.gatehouse.support.TestBrowser;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request targets that made other proxies and filters decide on one path while the application served another.
 * A browser with a password-only session (released upstream cookie, no second factor) sends each one raw; none
 * may reach the upstream, because each either is ambiguous (400) or names a required route (sent to enroll).
 */
class PathConfusionAttackIntegrationTests extends AttackIntegrationTestSupport {

    static Stream<Arguments> pathAttacks() {
        return Stream.of(
                attack("CVE-2020-1957 Apache Shiro: /..;/ matrix-parameter traversal", "/public/..;/admin/users"),
                attack("CVE-2020-1957 Apache Shiro: ;/ before a dot segment", "/public;/../admin/users"),
                attack("CVE-2020-11989 Apache Shiro: leading /;/ segment", "/;/admin/users"),
                attack("CVE-2020-11989 Apache Shiro: double-encoded slash", "/public/..%252fadmin/users"),
                attack("CVE-2020-13933 Apache Shiro: encoded semicolon", "/admin/%3busers"),
                attack("CVE-2020-13933 Apache Shiro: encoded semicolon before traversal", "/public/%3B/../admin/users"),
                attack("CVE-2016-9879 Spring Security: ;jsessionid path parameter", "/admin;jsessionid=0123/users"),
                attack(
                        "CVE-2016-9879 Spring Security: path parameter hiding traversal",
                        "/public;x=%2F/../admin/users"),
                attack("Tomcat-style matrix parameter on the protected segment", "/admin;a=b/users"),
                attack("CVE-2021-41773 Apache httpd: encoded dot-dot", "/public/%2e%2e/admin/users"),
                attack("CVE-2021-41773 Apache httpd: half-encoded dot-dot", "/public/.%2e/admin/users"),
                attack("CVE-2021-41773 Apache httpd: upper-case encoded dot-dot", "/public/%2E%2E/admin/users"),
                attack("CVE-2021-42013 Apache httpd: double-encoded dot-dot", "/public/%252e%252e/admin/users"),
                attack(
                        "CVE-2021-42013 Apache httpd: double-encoded dots, digits encoded",
                        "/public/%%32%65%%32%65/admin/users"),
                attack("CVE-2021-29492 Envoy / CVE-2021-31920 Istio: encoded slash", "/public/..%2fadmin/users"),
                attack("CVE-2021-29492 Envoy: encoded slashes around dot-dot", "/public%2f..%2fadmin/users"),
                attack("CVE-2021-31920 Istio: upper-case encoded slash", "/public/..%2Fadmin/users"),
                attack("CVE-2007-0450 Tomcat: raw backslash traversal", "/public/..\\admin/users"),
                attack("CVE-2007-0450 Tomcat: encoded backslash traversal", "/public/..%5cadmin/users"),
                attack("CVE-2007-0450 Tomcat: backslash separators only", "/public\\..\\admin\\users"),
                attack("Empty segment // (prefix matchers that collapse slashes)", "//admin/users"),
                attack("Empty segment before traversal", "/public//../admin/users"),
                attack("CVE-2025-32431 Traefik: raw dot-dot after an open prefix", "/public/../admin/users"),
                attack("Single-dot segment", "/./admin/users"),
                attack("Single-dot then dot-dot", "/public/./../admin/users"),
                attack("CVE-2020-17523 Apache Shiro: trailing encoded space", "/admin/%20"),
                attack("Windows alias: trailing dot", "/admin./users"),
                attack("Windows alias: trailing space", "/admin%20/users"),
                attack("Windows alias: trailing tab", "/admin%09/users"),
                attack("Case variant (case-sensitive policy): upper case", "/ADMIN/users"),
                attack("Case variant (case-sensitive policy): mixed case", "/Admin/users"),
                attack("CVE-2000-0884 IIS: overlong UTF-8 dots", "/public/%c0%ae%c0%ae/admin/users"),
                attack("CVE-2000-0884 IIS: overlong UTF-8 slash", "/public/..%c0%afadmin/users"),
                attack("CVE-2000-0884 IIS: three-byte overlong slash", "/public/..%e0%80%afadmin/users"),
                attack("IIS %u encoding of dots", "/public/%u002e%u002e/admin/users"),
                attack("Fullwidth full stops (NFKC folds them to '..')", "/public/%ef%bc%8e%ef%bc%8e/admin/users"),
                attack("CVE-2013-4547 nginx: encoded NUL", "/public/x%00/../../admin/users"),
                attack("Encoded NUL terminating the protected segment", "/admin%00/users"),
                attack("CVE-2022-22978 Spring Security: encoded line feed", "/admin%0a/users"),
                attack("CVE-2022-22978 Spring Security: encoded carriage return", "/admin%0d/users"),
                attack("CVE-2022-32532 Apache Shiro: line feed in a later segment", "/admin/%0ausers"),
                attack("CVE-2021-39156 Istio: fragment hiding traversal", "/public/x#/../../admin/users"),
                attack("Fragment after a public prefix", "/public#/admin/users"),
                attack("Absolute-form target naming another host", "http://evil.example/admin/users"),
                attack("Absolute-form target with traversal", "http://localhost/public/../admin/users"),
                attack("Missing leading slash", "admin/users"));
    }

    private static Arguments attack(String name, String target) {
        return Arguments.of(name, target);
    }

    @ParameterizedTest(name = "{0}: GET {1}")
    @MethodSource("pathAttacks")
    void pathAttackWhenPasswordOnlySessionThenNeverReachesUpstream(String attack, String target) {
        TestBrowser mallory = passwordOnlyBrowser();

        RawHttp.Response response = RawHttp.send(
                port, RawHttp.request("GET " + target + " HTTP/1.1", "Accept: text/html", cookieHeader(mallory)));

        assertThat(response.isSuccess()).as(attack + "\n" + response.raw()).isFalse();
        assertThat(received()).as(attack).isEmpty();
    }

    @Test
    @DisplayName("Asterisk-form target (OPTIONS *) is refused and never forwarded")
    void asteriskTargetThenRefused() {
        RawHttp.Response response = RawHttp.send(port, RawHttp.request("OPTIONS * HTTP/1.1"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(received()).isEmpty();
    }

    @Test
    @DisplayName("CONNECT to the upstream's own address is refused: Gatehouse is not a tunnel")
    void connectTargetThenRefused() {
        String authority = "127.0.0.1:" + upstream.port();

        RawHttp.Response response =
                RawHttp.send(port, RawHttp.request("CONNECT " + authority + " HTTP/1.1", "Host: " + authority));

        assertThat(response.isSuccess()).as(response.raw()).isFalse();
        assertThat(received()).isEmpty();
    }

    @Test
    @DisplayName("Control: a canonical public target reaches the upstream exactly once and byte for byte")
    void canonicalPublicTargetThenForwardedOnceUnchanged() {
        TestBrowser mallory = passwordOnlyBrowser();
        String target = "/public/a%20b/c-d_e~f?q=%2F..%2F&x=%3B#";

        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request(
                        "GET /public/a%20b/c-d_e~f?q=%2F..%2F&x=%3B HTTP/1.1",
                        "Accept: text/html", cookieHeader(mallory)));

        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(received())
                .singleElement()
                .satisfies(request -> assertThat(request.getUrl()).isEqualTo(target.substring(0, target.length() - 1)));
    }

    /**
     * Without {@code gatehouse.policy.case-insensitive} the rules match case exactly: {@code /ADMIN/users} is not
     * the {@code /admin/**} rule's but falls to the default (required here, so still protected), and a case variant
     * of a bypass path is no longer bypassed. On a case-insensitive upstream whose default is weaker than the rule,
     * {@code /ADMIN} would get that weaker default: set the option there (see
     * {@code CaseInsensitivePathAttackIntegrationTests}).
     */
    @Test
    @DisplayName("Case-sensitive policy: /PUBLIC/page is not the bypass rule's; a stolen cookie there is refused")
    void caseVariantOfBypassPathWhenCaseSensitiveThenDefaultAppliesAndStolenCookieRefused() {
        RawHttp.Response response = RawHttp.send(
                port, RawHttp.request("GET /PUBLIC/page HTTP/1.1", "Accept: text/html", "Cookie: LEGACYSESSID=stolen"));

        assertThat(response.status()).as(response.raw()).isEqualTo(303);
        assertThat(received()).isEmpty();
    }

    @Test
    @DisplayName("Control: the same password-only session is sent to enrollment on the canonical /admin path")
    void canonicalAdminTargetThenSentToEnrollment() {
        TestBrowser mallory = passwordOnlyBrowser();

        RawHttp.Response response = RawHttp.send(
                port, RawHttp.request("GET /admin/users HTTP/1.1", "Accept: text/html", cookieHeader(mallory)));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/_gatehouse/enroll");
        assertThat(received()).isEmpty();
    }
}
