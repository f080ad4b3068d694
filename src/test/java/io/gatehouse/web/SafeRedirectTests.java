package io.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeRedirectTests {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/admin", "/admin/users?sort=name&q=a%2Fb", "/a/b#section", "/_gatehouse/challenge",
            "/path;with;semicolons", "/%2F%2Fevil.example"})
    void targetWhenSameOriginPathThenKept(String path) {
        assertThat(SafeRedirect.target(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"//evil.example", "//evil.example/path", "/\\evil.example", "\\\\evil.example",
            "https://evil.example", "http:/evil.example", "javascript:alert(1)", "evil.example", "admin",
            "/admin\\..\\x", "/ad min", "/admin\r\nSet-Cookie: x=y", "/admin\t", "/admin\u0000", "/caf\u00e9",
            "/a\u202eb", "/\u0085x"})
    void targetWhenNotASameOriginPathThenFallback(String target) {
        assertThat(SafeRedirect.target(target)).isEqualTo("/");
    }

    @Test
    void targetWhenOverlongThenFallback() {
        assertThat(SafeRedirect.target("/" + "a".repeat(5000))).isEqualTo("/");
    }
}
