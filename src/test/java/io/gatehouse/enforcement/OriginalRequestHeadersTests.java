package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.config.FrontProxy;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;

class OriginalRequestHeadersTests {

    static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders headers = new HttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    @Test
    void readWhenNginxFamilyThenTargetMethodAndHost() {
        OriginalRequestHeaders.Reading reading = new OriginalRequestHeaders(FrontProxy.NGINX)
                .read(headers(
                        "X-Original-URI", "/admin/users?x=1", "X-Original-Method", "POST", "Host", "app.example.org"));

        assertThat(reading)
                .isEqualTo(new OriginalRequestHeaders.Reading("/admin/users?x=1", "POST", "app.example.org", null));
    }

    @ParameterizedTest
    @EnumSource(
            value = FrontProxy.class,
            names = {"TRAEFIK", "CADDY"})
    void readWhenForwardedFamilyThenTargetMethodAndForwardedHost(FrontProxy proxy) {
        OriginalRequestHeaders.Reading reading = new OriginalRequestHeaders(proxy)
                .read(headers(
                        "X-Forwarded-Uri",
                        "/admin",
                        "X-Forwarded-Method",
                        "GET",
                        "X-Forwarded-Host",
                        "app.example.org",
                        "X-Forwarded-Proto",
                        "https",
                        "Host",
                        "gatehouse:8080"));

        assertThat(reading).isEqualTo(new OriginalRequestHeaders.Reading("/admin", "GET", "app.example.org", null));
    }

    static Stream<Arguments> otherFamily() {
        return Stream.of(
                Arguments.of(FrontProxy.NGINX, "X-Forwarded-Uri", "/login"),
                Arguments.of(FrontProxy.NGINX, "X-Forwarded-Method", "GET"),
                Arguments.of(FrontProxy.NGINX, "X-Forwarded-Host", "internal.example.org"),
                Arguments.of(FrontProxy.TRAEFIK, "X-Original-URI", "/login"),
                Arguments.of(FrontProxy.TRAEFIK, "X-Original-Method", "GET"),
                Arguments.of(FrontProxy.CADDY, "x-original-uri", "/login"),
                Arguments.of(FrontProxy.CADDY, "X-Original-Method", "GET"));
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @MethodSource("otherFamily")
    void readWhenOtherFamilyAlsoPresentThenRefused(FrontProxy proxy, String name, String value) {
        HttpHeaders both = headers("X-Original-URI", "/admin", "X-Original-Method", "GET", "Host", "app.example.org");
        if (proxy != FrontProxy.NGINX) {
            both = headers(
                    "X-Forwarded-Uri", "/admin", "X-Forwarded-Method", "GET", "X-Forwarded-Host", "app.example.org");
        }
        both.add(name, value);

        assertThat(new OriginalRequestHeaders(proxy).read(both).refusal()).containsIgnoringCase(name);
    }

    @Test
    void readWhenHeaderRepeatedThenRefused() {
        assertThat(new OriginalRequestHeaders(FrontProxy.TRAEFIK)
                        .read(headers(
                                "X-Forwarded-Uri", "/login", "X-Forwarded-Uri", "/admin", "X-Forwarded-Method", "GET"))
                        .refusal())
                .contains("repeated");
    }

    @Test
    void readWhenMethodMissingThenRefused() {
        assertThat(new OriginalRequestHeaders(FrontProxy.NGINX)
                        .read(headers("X-Original-URI", "/admin"))
                        .refusal())
                .startsWith("no request named");
    }
}
