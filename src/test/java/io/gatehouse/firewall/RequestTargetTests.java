package io.gatehouse.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "example.org",
                "EXAMPLE.org",
                "localhost",
                "localhost:8080",
                "127.0.0.1",
                "127.0.0.1:443",
                "[::1]",
                "[::1]:8443",
                "[2001:db8::7]",
                "legacy_app:80",
                "a-b.c-d.example"
            })
    void isValidHostAndPortWhenWellFormedThenTrue(String host) {
        assertThat(RequestTarget.isValidHostAndPort(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ":80",
                "example.org.",
                "example..org",
                ".example.org",
                "example.org:",
                "example.org:0",
                "example.org:65536",
                "example.org:123456",
                "example.org:8o",
                "a b",
                "a,b",
                "user@example.org",
                "example.org/x",
                "[::1",
                "[]",
                "[zz::1]",
                "[::1]x",
                "exa%6dple.org",
                "ex\u00e4mple.org",
                "example.org:80:80"
            })
    void isValidHostAndPortWhenMalformedThenFalse(String host) {
        assertThat(RequestTarget.isValidHostAndPort(host)).isFalse();
    }

    @Test
    void checkHostWhenMissingOrDuplicatedThenRejected() {
        assertThat(RequestTarget.checkHost(null)).isEqualTo(Rejection.MISSING_HOST);
        assertThat(RequestTarget.checkHost(List.of())).isEqualTo(Rejection.MISSING_HOST);
        assertThat(RequestTarget.checkHost(List.of("a.example", "b.example"))).isEqualTo(Rejection.DUPLICATE_HOST);
        assertThat(RequestTarget.checkHost(List.of("a.example, b.example"))).isEqualTo(Rejection.INVALID_HOST);
        assertThat(RequestTarget.checkHost(List.of("a.example"))).isNull();
    }

    @ParameterizedTest(name = "{0} with Host {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /admin                        | app.example
            http://app.example/admin      | app.example
            http://APP.example/admin      | app.example
            http://app.example:80/admin   | app.example
            https://app.example/admin     | app.example:443
            http://app.example:8080/x?y=1 | app.example:8080
            """)
    void checkAbsoluteFormWhenSameHostThenAccepted(String target, String host) {
        assertThat(RequestTarget.checkAbsoluteForm(target, host)).isNull();
    }

    @ParameterizedTest(name = "{0} with Host {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://other.example/admin        | app.example   | FOREIGN_HOST
            http://app.example:8080/admin     | app.example   | FOREIGN_HOST
            http://user@app.example/admin     | app.example   | FOREIGN_HOST
            http://app.example.evil/admin     | app.example   | FOREIGN_HOST
            http:///admin                     | app.example   | FOREIGN_HOST
            admin                             | app.example   | NOT_ORIGIN_FORM
            *                                 | app.example   | NOT_ORIGIN_FORM
            a/b://app.example/x               | app.example   | NOT_ORIGIN_FORM
            """)
    void checkAbsoluteFormWhenForeignThenRejected(String target, String host, Rejection expected) {
        assertThat(RequestTarget.checkAbsoluteForm(target, host)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"q=%2F", "q=a%2Fb&x=%5C", "q=%0A%0D", "q=%C3%A9", "a=1&b=&c", "q=a+b", "r=/x?y", ""})
    void checkQueryWhenWellFormedThenAccepted(String query) {
        assertThat(RequestTarget.checkQuery(query)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            q=%zz      | MALFORMED_ESCAPE
            q=%2       | MALFORMED_ESCAPE
            q=%        | MALFORMED_ESCAPE
            q=caf\u00e9 | NON_ASCII
            q=a b      | INVALID_CHARACTER
            q=<script> | INVALID_CHARACTER
            """)
    void checkQueryWhenMalformedThenRejected(String query, Rejection expected) {
        assertThat(RequestTarget.checkQuery(query)).isEqualTo(expected);
    }

    @Test
    void checkQueryWhenRawControlCharacterThenRejected() {
        assertThat(RequestTarget.checkQuery("q=a\nb")).isEqualTo(Rejection.CONTROL_CHARACTER);
        assertThat(RequestTarget.checkQuery(null)).isNull();
    }
}
