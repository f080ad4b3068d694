package io.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeRedirectTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/admin",
                "/admin/users?sort=name&q=a%2Fb",
                "/a/b#section",
                "/_gatehouse/challenge",
                "/path;with;semicolons"
            })
    void targetWhenSameOriginPathThenKept(String path) {
        assertThat(SafeRedirect.target(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "//evil.example",
                "//evil.example/path",
                "/\\evil.example",
                "\\\\evil.example",
                "https://evil.example",
                "http:/evil.example",
                "javascript:alert(1)",
                "evil.example",
                "admin",
                "/admin\\..\\x",
                "/ad min",
                "/admin\r\nSet-Cookie: x=y",
                "/admin\t",
                "/admin\u0000",
                "/caf\u00e9",
                "/a\u202eb",
                "/\u0085x",
                "/%2F%2Fevil.example"
            })
    void targetWhenNotASameOriginPathThenFallback(String target) {
        assertThat(SafeRedirect.target(target)).isEqualTo("/");
    }

    @Test
    void targetWhenOverlongThenFallback() {
        assertThat(SafeRedirect.target("/" + "a".repeat(5000))).isEqualTo("/");
    }

    /** Each row: a target, and whether it is kept (true) or replaced by the root (false). */
    static Stream<Arguments> targets() {
        return Stream.of(
                // Another host, by protocol-relative or absolute URL, or a script
                Arguments.of("//evil", false),
                Arguments.of("///evil", false),
                Arguments.of("//evil.example/x", false),
                Arguments.of("//%65vil.example", false),
                Arguments.of("https://evil", false),
                Arguments.of("HTTPS://evil", false),
                Arguments.of("http:evil", false),
                Arguments.of("javascript:alert(1)", false),
                Arguments.of("JaVaScRiPt:alert(1)", false),
                Arguments.of("data:text/html,x", false),
                Arguments.of("evil.example", false),
                // Backslashes, which browsers read as slashes
                Arguments.of("/\\evil", false),
                Arguments.of("\\/evil", false),
                Arguments.of("\\\\evil", false),
                Arguments.of("/a\\b", false),
                // Whitespace and controls, raw
                Arguments.of("\t//evil", false),
                Arguments.of(" //evil", false),
                Arguments.of("/\t/evil", false),
                Arguments.of("/\r\nSet-Cookie: a=b", false),
                Arguments.of("/a\u0000", false),
                Arguments.of("/a\u007f", false),
                // ... and encoded in the path
                Arguments.of("/%2f%2fevil", false),
                Arguments.of("/%2F%2Fevil", false),
                Arguments.of("/%2fevil", false),
                Arguments.of("/%5c%5cevil", false),
                Arguments.of("/%5Cevil", false),
                Arguments.of("/%252f%252fevil", false),
                Arguments.of("/%09/evil", false),
                Arguments.of("/%0d%0aSet-Cookie:a=b", false),
                Arguments.of("/a%00", false),
                Arguments.of("/a%7F", false),
                Arguments.of("/a/..%2f..%2fevil", false),
                Arguments.of("/a%zz", false),
                Arguments.of("/a%2", false),
                // Double slash inside the path
                Arguments.of("/a//evil", false),
                // Unicode look-alikes of / and \, raw and encoded; overlong UTF-8; bidi controls
                Arguments.of("/\uFF0F/evil", false),
                Arguments.of("/\u2215\u2215evil", false),
                Arguments.of("/\u3002evil", false),
                Arguments.of("/%EF%BC%8F%EF%BC%8Fevil", false),
                Arguments.of("/%EF%BC%BCevil", false),
                Arguments.of("/%E2%88%95%E2%88%95evil", false),
                Arguments.of("/%E2%81%84evil", false),
                Arguments.of("/%C0%AF%C0%AFevil", false),
                Arguments.of("/%E2%80%AEevil", false),
                Arguments.of("/%C2%A0", false),
                // Gatehouse's own prefix, except the pages a browser is sent to
                Arguments.of("/_gatehouse", false),
                Arguments.of("/_gatehouse/", false),
                Arguments.of("/_gatehouse/verify", false),
                Arguments.of("/_gatehouse/assets/gatehouse.js", false),
                Arguments.of("/_gatehouse/recovery-codes.txt", false),
                Arguments.of("/_gatehouse/enroll/email-code", false),
                Arguments.of("/_gatehouse/admin/disable", false),
                Arguments.of("/_gatehouse/challenge/../verify", false),
                Arguments.of("/_GATEHOUSE/verify", false),
                // Length
                Arguments.of("/" + "a".repeat(2048), false),
                // Same-origin paths stay
                Arguments.of("/" + "a".repeat(2047), true),
                Arguments.of("/", true),
                Arguments.of("/admin/users?sort=name&q=a%2Fb", true),
                Arguments.of("/search?next=https://evil.example//x", true),
                Arguments.of("/a/b#x//y", true),
                Arguments.of("/caf%C3%A9", true),
                Arguments.of("/%E6%97%A5%E6%9C%AC", true),
                Arguments.of("/a%20b", true),
                Arguments.of("/_gatehouse/challenge", true),
                Arguments.of("/_gatehouse/enroll", true),
                Arguments.of("/_gatehouse/recovery-codes", true),
                Arguments.of("/_gatehouse/account", true),
                Arguments.of("/_gatehouse/admin?user=alice%40example.org", true));
    }

    @ParameterizedTest(name = "{0} kept: {1}")
    @MethodSource("targets")
    void targetWhenCheckedThenKeptOnlyWhenSameOriginPath(String target, boolean kept) {
        assertThat(SafeRedirect.target(target)).isEqualTo(kept ? target : SafeRedirect.FALLBACK);
    }
}
