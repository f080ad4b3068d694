package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.gatehouse.support.RawHttp;
import io.gatehouse.support.TestBrowser;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verb tampering and header spoofing: other methods and method-override signals must not take a password-only
 * session past a rule, and headers that tell an application "the real URL, client or prefix is ..." never reach it
 * from a client.
 */
class MethodAndHeaderAttackIntegrationTests extends AttackIntegrationTestSupport {

    static Stream<Arguments> verbTampering() {
        return Stream.of(
                Arguments.of("CVE-2010-0738 JBoss verb tampering: HEAD", "HEAD /admin/users HTTP/1.1"),
                Arguments.of("Verb tampering: OPTIONS", "OPTIONS /admin/users HTTP/1.1"),
                Arguments.of("Cross-site tracing (XST): TRACE", "TRACE /admin/users HTTP/1.1"),
                Arguments.of("Verb tampering: unknown method", "FOO /admin/users HTTP/1.1"),
                Arguments.of("Verb tampering: WebDAV PROPFIND", "PROPFIND /admin/users HTTP/1.1"),
                Arguments.of("Verb tampering: lower-case get", "get /admin/users HTTP/1.1"),
                Arguments.of("Verb tampering: DELETE", "DELETE /admin/users HTTP/1.1"),
                Arguments.of("Verb tampering: PATCH", "PATCH /admin/users HTTP/1.1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verbTampering")
    void otherMethodWhenPasswordOnlySessionThenNeverReachesAdmin(String attack, String requestLine) {
        TestBrowser mallory = passwordOnlyBrowser();

        RawHttp.Response response =
                RawHttp.send(port, RawHttp.request(requestLine, "Accept: text/html", cookieHeader(mallory)));

        assertThat(response.isSuccess()).as(attack + "\n" + response.raw()).isFalse();
        assertThat(received()).as(attack).isEmpty();
    }

    static Stream<Arguments> methodOverrides() {
        return Stream.of(
                Arguments.of(
                        "X-HTTP-Method-Override on a bypassed read",
                        "GET /api/users/7 HTTP/1.1",
                        "X-HTTP-Method-Override: DELETE"),
                Arguments.of(
                        "X-HTTP-Method (OData) on a bypassed read",
                        "GET /api/users/7 HTTP/1.1",
                        "X-HTTP-Method: DELETE"),
                Arguments.of(
                        "X-Method-Override on a bypassed read", "GET /api/users/7 HTTP/1.1", "X-Method-Override: PUT"),
                Arguments.of(
                        "_method query parameter on a bypassed read",
                        "GET /api/users/7?_method=DELETE HTTP/1.1",
                        "X-Ignored: 1"),
                Arguments.of(
                        "lower-case override value", "GET /api/users/7 HTTP/1.1", "x-http-method-override: delete"),
                Arguments.of("override header on HEAD", "HEAD /api/users/7 HTTP/1.1", "X-HTTP-Method-Override: POST"));
    }

    @ParameterizedTest(name = "Method override: {0}")
    @MethodSource("methodOverrides")
    void methodOverrideWhenRuleBypassesOnlyReadsThenDecidedAsTheClaimedMethod(
            String attack, String requestLine, String header) {
        TestBrowser mallory = passwordOnlyBrowser();

        RawHttp.Response response =
                RawHttp.send(port, RawHttp.request(requestLine, "Accept: text/html", header, cookieHeader(mallory)));

        assertThat(response.isSuccess()).as(attack + "\n" + response.raw()).isFalse();
        assertThat(received()).as(attack).isEmpty();
    }

    @Test
    @DisplayName("Control: a plain read of the bypassed API reaches the upstream once")
    void plainReadOfBypassedApiThenForwardedOnce() {
        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request(
                        "GET /api/users/7 HTTP/1.1", "Accept: application/json", "X-HTTP-Method-Override: GET"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(received())
                .singleElement()
                .satisfies(request -> assertThat(request.getUrl()).isEqualTo("/api/users/7"));
    }

    @Test
    @DisplayName("Method override: a password-only session cannot reach /admin with POST + X-HTTP-Method-Override: GET")
    void methodOverrideToAdminWhenPasswordOnlyThenRefused() {
        TestBrowser mallory = passwordOnlyBrowser();

        RawHttp.Response response = RawHttp.send(
                port,
                "POST /admin/users?_method=GET HTTP/1.1\r\nHost: localhost\r\n"
                        + "X-HTTP-Method-Override: GET\r\nX-HTTP-Method: GET\r\nAccept: text/html\r\n"
                        + cookieHeader(mallory)
                        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 11\r\nConnection: close\r\n\r\n"
                        + "_method=GET");

        assertThat(response.isSuccess()).as(response.raw()).isFalse();
        assertThat(received()).isEmpty();
    }

    static Stream<Arguments> spoofedHeaders() {
        return Stream.of(
                Arguments.of("Client-sent identity header", "X-Gatehouse-User: admin@example.org"),
                Arguments.of("Client-sent identity header, odd case", "x-GATEHOUSE-auth: totp"),
                Arguments.of(
                        "CVE-2025-41235 Spring Cloud Gateway: X-Forwarded-For from an untrusted client",
                        "X-Forwarded-For: 203.0.113.66"),
                Arguments.of("CVE-2025-41235: X-Forwarded-Host", "X-Forwarded-Host: evil.example"),
                Arguments.of("CVE-2025-41235: X-Forwarded-Proto", "X-Forwarded-Proto: https-evil"),
                Arguments.of("CVE-2025-41235: X-Forwarded-Port", "X-Forwarded-Port: 6666"),
                Arguments.of(
                        "X-Forwarded-Prefix rewriting the application's base path", "X-Forwarded-Prefix: /admin-evil"),
                Arguments.of(
                        "RFC 7239 Forwarded from an untrusted client", "Forwarded: for=203.0.113.66;host=evil.example"),
                Arguments.of("CVE-2018-14773 Symfony: X-Original-URL", "X-Original-URL: /admin/users-evil"),
                Arguments.of("CVE-2018-14773 Symfony: X-Rewrite-URL", "X-Rewrite-URL: /admin/users-evil"),
                Arguments.of("nginx auth_request convention: X-Original-URI", "X-Original-URI: /admin/users-evil"),
                Arguments.of("X-Real-IP from an untrusted client", "X-Real-IP: 203.0.113.66"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spoofedHeaders")
    void spoofedHeaderOnBypassRouteThenForwardedOnceWithoutIt(String attack, String header) {
        RawHttp.Response response =
                RawHttp.send(port, RawHttp.request("GET /public/page HTTP/1.1", "Accept: text/html", header));

        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        LoggedRequest forwarded = assertThat(received()).singleElement().actual();
        String name = header.substring(0, header.indexOf(':'));
        String value = header.substring(header.indexOf(':') + 1).trim();
        assertThat(forwarded.getHeaders().all())
                .as(attack)
                .noneMatch(h -> h.key().equalsIgnoreCase(name) && h.values().contains(value))
                .noneMatch(h -> h.values().stream().anyMatch(v -> v.contains("evil") || v.contains("203.0.113.66")));
    }

    static Stream<Arguments> hostAttacks() {
        return Stream.of(
                Arguments.of("Duplicate Host", "Host: localhost\r\nHost: evil.example"),
                Arguments.of("Host with userinfo", "Host: localhost@evil.example"),
                Arguments.of("Host with two ports", "Host: localhost:80:80"),
                Arguments.of("Host with a path", "Host: evil.example/admin"),
                Arguments.of("Host with trailing dot", "Host: localhost."),
                Arguments.of("Empty Host", "Host: "),
                Arguments.of("Host with a space", "Host: local host"),
                Arguments.of("Host with an encoded byte", "Host: localhost%2fevil"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostAttacks")
    void oddHostHeaderThenRefusedBeforeAnyRouting(String attack, String hostLines) {
        RawHttp.Response response = RawHttp.send(port, RawHttp.request("GET /public/page HTTP/1.1", hostLines));

        assertThat(response.status()).as(attack + "\n" + response.raw()).isEqualTo(400);
        assertThat(received()).as(attack).isEmpty();
    }

    @Test
    @DisplayName("A foreign Host is answered, but never used to build a redirect (Host header poisoning)")
    void foreignHostThenRedirectsStayRelative() {
        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request(
                        "GET /admin/users HTTP/1.1",
                        "Host: evil.example",
                        "Accept: text/html",
                        "Cookie: LEGACYSESSID=stolen"));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).startsWith("/").doesNotContain("evil");
        assertThat(received()).isEmpty();
    }

    @Test
    @DisplayName("Basic credentials on a required route are refused: they would skip the second factor")
    void authorizationHeaderOnRequiredRouteThenRefused() {
        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request(
                        "GET /admin/users HTTP/1.1",
                        "Authorization: Basic YWxpY2U6cmlnaHQ=",
                        "Accept: application/json"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(received()).isEmpty();
    }
}
