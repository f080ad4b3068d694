package io.gatehouse.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalPathTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /                          | /
            /admin                     | /admin
            /admin/                    | /admin/
            /admin/users               | /admin/users
            /a-b_c~d/e.css             | /a-b_c~d/e.css
            /x%20y                     | /x y
            /x%20y/z                   | /x y/z
            /%61dmin                   | /admin
            /a%3Fb                     | /a?b
            /a%23b                     | /a#b
            /.well-known/security.txt  | /.well-known/security.txt
            /a..b/c                    | /a..b/c
            /..a/.b                    | /..a/.b
            /user@host:8080/!$&'()*+,= | /user@host:8080/!$&'()*+,=
            /search                    | /search
            /file%2Ename.txt           | /file.name.txt
            """)
    void ofWhenPathIsCanonicalThenDecodedPath(String raw, String decoded) {
        CanonicalPath.Result result = CanonicalPath.of(raw);

        assertThat(result.isAccepted()).as(result.toString()).isTrue();
        assertThat(result.path()).isEqualTo(decoded);
        assertThat(result.rejection()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            NULL              | NOT_ORIGIN_FORM
            ''                | NOT_ORIGIN_FORM
            admin             | NOT_ORIGIN_FORM
            *                 | NOT_ORIGIN_FORM
            http://h/x        | NOT_ORIGIN_FORM
            /a%2fb            | ENCODED_SEPARATOR
            /a%2Fb            | ENCODED_SEPARATOR
            /a%5cb            | ENCODED_SEPARATOR
            /a%5Cb            | ENCODED_SEPARATOR
            /%2F              | ENCODED_SEPARATOR
            /a\\b             | BACKSLASH
            /a\\..\\b         | BACKSLASH
            /./a              | DOT_SEGMENT
            /a/./b            | DOT_SEGMENT
            /a/../b           | DOT_SEGMENT
            /a/.              | DOT_SEGMENT
            /a/..             | DOT_SEGMENT
            /..               | DOT_SEGMENT
            /.                | DOT_SEGMENT
            /%2e/a            | DOT_SEGMENT
            /%2E%2E/a         | DOT_SEGMENT
            /a/.%2e           | DOT_SEGMENT
            /a/%2e.           | DOT_SEGMENT
            /a/%2e%2E/b       | DOT_SEGMENT
            //                | EMPTY_SEGMENT
            //admin           | EMPTY_SEGMENT
            /admin//users     | EMPTY_SEGMENT
            /admin;jsessionid=x | PATH_PARAMETER
            /..;/admin        | PATH_PARAMETER
            /admin/..;/x      | PATH_PARAMETER
            /admin%3bx        | PATH_PARAMETER
            /admin%3Bx        | PATH_PARAMETER
            /%252e%252e/x     | DOUBLE_ENCODING
            /a%25b            | DOUBLE_ENCODING
            /a%252fb          | DOUBLE_ENCODING
            /a%00             | CONTROL_CHARACTER
            /a%00b            | CONTROL_CHARACTER
            /a%0ab            | CONTROL_CHARACTER
            /a%0D%0Ab         | CONTROL_CHARACTER
            /a%09b            | CONTROL_CHARACTER
            /a%7fb            | CONTROL_CHARACTER
            /a%80b            | NON_ASCII
            /a%c3%a9          | NON_ASCII
            /a%FFb            | NON_ASCII
            /café             | NON_ASCII
            /aÃ©               | NON_ASCII
            /a%zz             | MALFORMED_ESCAPE
            /a%2              | MALFORMED_ESCAPE
            /a%               | MALFORMED_ESCAPE
            /a%2/b            | MALFORMED_ESCAPE
            /a%g0             | MALFORMED_ESCAPE
            /a%٢f             | MALFORMED_ESCAPE
            /a b              | INVALID_CHARACTER
            /a<b              | INVALID_CHARACTER
            /a^b              | INVALID_CHARACTER
            /a{b}             | INVALID_CHARACTER
            /a?b              | INVALID_CHARACTER
            /a#b              | INVALID_CHARACTER
            /a"b              | INVALID_CHARACTER
            /admin.           | TRAILING_DOT_OR_SPACE
            /admin./users     | TRAILING_DOT_OR_SPACE
            /admin%2e         | TRAILING_DOT_OR_SPACE
            /admin%20         | TRAILING_DOT_OR_SPACE
            /admin%20/users   | TRAILING_DOT_OR_SPACE
            /admin...         | TRAILING_DOT_OR_SPACE
            /admin.%20        | TRAILING_DOT_OR_SPACE
            /%20              | TRAILING_DOT_OR_SPACE
            """)
    void ofWhenPathIsAmbiguousThenRejectedWithReason(String raw, Rejection expected) {
        CanonicalPath.Result result = CanonicalPath.of(raw);

        assertThat(result.isAccepted()).as(result.toString()).isFalse();
        assertThat(result.rejection()).contains(expected);
        assertThat(expected.reason()).isNotBlank();
    }

    @Test
    void ofWhenControlCharacterIsRawThenRejected() {
        assertThat(CanonicalPath.of("/a\u0000b").rejection()).contains(Rejection.CONTROL_CHARACTER);
        assertThat(CanonicalPath.of("/a\nb").rejection()).contains(Rejection.CONTROL_CHARACTER);
        assertThat(CanonicalPath.of("/a\u007fb").rejection()).contains(Rejection.CONTROL_CHARACTER);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /caf%C3%A9                      | /café
            /%E6%97%A5%E6%9C%AC/x           | /日本/x
            /a%F0%9F%98%80b                 | /a😀b
            /stra%C3%9Fe%20neu              | /straße neu
            """)
    void ofWhenUtf8AllowedAndValidThenDecoded(String raw, String decoded) {
        CanonicalPath.Result result = CanonicalPath.of(raw, true);

        assertThat(result.isAccepted()).as(result.toString()).isTrue();
        assertThat(result.path()).isEqualTo(decoded);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /a%C0%AF             | INVALID_UTF8
            /a%C0%AE%C0%AE/x     | INVALID_UTF8
            /a%E0%80%AF          | INVALID_UTF8
            /a%F0%80%80%AF       | INVALID_UTF8
            /a%ED%A0%80          | INVALID_UTF8
            /a%F4%90%80%80       | INVALID_UTF8
            /a%C3                | INVALID_UTF8
            /a%C3x               | INVALID_UTF8
            /a%A9                | INVALID_UTF8
            /a%FF                | INVALID_UTF8
            /a%C2%80             | CONTROL_CHARACTER
            /a%E2%80%AEb         | CONTROL_CHARACTER
            /a%E2%80%A8b         | CONTROL_CHARACTER
            /a%EF%BC%8Fb         | ASCII_LOOKALIKE
            /a%EF%BC%8E%EF%BC%8E | ASCII_LOOKALIKE
            /%EF%BD%81dmin       | ASCII_LOOKALIKE
            /a%E2%80%A4          | ASCII_LOOKALIKE
            /admin%C2%A0         | ASCII_LOOKALIKE
            /admin%E3%80%80      | ASCII_LOOKALIKE
            /admin%E1%9A%80      | TRAILING_DOT_OR_SPACE
            /café                | NON_ASCII
            /a%2Fb               | ENCODED_SEPARATOR
            /a%C3%A9%zz          | MALFORMED_ESCAPE
            """)
    void ofWhenUtf8AllowedAndInvalidThenRejected(String raw, Rejection expected) {
        assertThat(CanonicalPath.of(raw, true).rejection()).contains(expected);
    }

    @Test
    void pathWhenRejectedThenIllegalState() {
        assertThatIllegalStateException()
                .isThrownBy(() -> CanonicalPath.of("/a/../b").path())
                .withMessageContaining("'..'");
    }
}
