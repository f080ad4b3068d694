package io.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.session.CsrfProtection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class CsrfProtectionTests {

    private static final String SITE = "https://gate.example.com";

    @Test
    void tokensMatchWhenEqualThenTrue() {
        assertThat(CsrfProtection.tokensMatch("abcDEF123_-", "abcDEF123_-")).isTrue();
    }

    @Test
    void tokensMatchWhenDifferentOrMissingThenFalse() {
        assertThat(CsrfProtection.tokensMatch("abc", "abd")).isFalse();
        assertThat(CsrfProtection.tokensMatch("abc", "abcd")).isFalse();
        assertThat(CsrfProtection.tokensMatch("abc", null)).isFalse();
        assertThat(CsrfProtection.tokensMatch(null, "abc")).isFalse();
        assertThat(CsrfProtection.tokensMatch(null, null)).isFalse();
        assertThat(CsrfProtection.tokensMatch("", "")).isFalse();
    }

    @Test
    void originAllowedWhenNoOriginNorRefererThenTokenAloneDecides() {
        assertThat(CsrfProtection.originAllowed(
                        MockServerHttpRequest.post(SITE + "/_gatehouse/enroll").build()))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://gate.example.com", "https://GATE.example.com", "https://gate.example.com:443"})
    void originAllowedWhenOwnOriginThenTrue(String origin) {
        assertThat(CsrfProtection.originAllowed(post(HttpHeaders.ORIGIN, origin)))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "null",
                "https://evil.example",
                "http://gate.example.com",
                "https://gate.example.com:8443",
                "https://gate.example.com.evil.example",
                "not a url",
                ""
            })
    void originAllowedWhenForeignOriginThenFalse(String origin) {
        assertThat(CsrfProtection.originAllowed(post(HttpHeaders.ORIGIN, origin)))
                .isFalse();
    }

    @Test
    void originAllowedWhenOriginAbsentThenRefererMustBeSameOrigin() {
        assertThat(CsrfProtection.originAllowed(post(HttpHeaders.REFERER, SITE + "/_gatehouse/enroll?x=1")))
                .isTrue();
        assertThat(CsrfProtection.originAllowed(post(HttpHeaders.REFERER, "https://evil.example/_gatehouse/enroll")))
                .isFalse();
    }

    @Test
    void originAllowedWhenOriginPresentThenRefererIgnored() {
        MockServerHttpRequest request = MockServerHttpRequest.post(SITE + "/_gatehouse/enroll")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.REFERER, SITE + "/")
                .build();
        assertThat(CsrfProtection.originAllowed(request)).isFalse();
    }

    @Test
    void tokenWhenMadeThenAtLeast128RandomBitsAndStable() {
        CsrfProtection csrf = new CsrfProtection(new java.security.SecureRandom());
        io.gatehouse.session.GatehouseSession session = io.gatehouse.session.GatehouseSession.wrap(
                new org.springframework.web.server.session.InMemoryWebSessionStore()
                        .createWebSession()
                        .block());

        String token = csrf.token(session);

        assertThat(java.util.Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(16);
        assertThat(csrf.token(session)).isEqualTo(token);
    }

    private static MockServerHttpRequest post(String header, String value) {
        return MockServerHttpRequest.post(SITE + "/_gatehouse/enroll")
                .header(header, value)
                .build();
    }
}
