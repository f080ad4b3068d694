package io.gatehouse.cookies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class CookieHeaderTests {

    private static List<String> pairs(String header) {
        List<String> pairs = new ArrayList<>();
        CookieHeader.forEachPair(header, (name, value) -> pairs.add(name + "=" + value));
        return pairs;
    }

    private static MockServerHttpRequest withCookies(String... headers) {
        return MockServerHttpRequest.get("/").header("Cookie", headers).build();
    }

    @Test
    void pairsWhenSemicolonSeparatedThenEachTrimmed() {
        assertThat(pairs("a=1; b=2;c=3 ;  d = 4 ")).containsExactly("a=1", "b=2", "c=3", "d=4");
    }

    @Test
    void pairsWhenValueHoldsCharactersAStrictParserRejectsThenStillSeen() {
        assertThat(pairs("SID=a b\\c; x=\u00e9")).containsExactly("SID=a b\\c", "x=\u00e9");
    }

    @Test
    void pairsWhenCommaInValueThenWholeValueAndEveryPairAfterACommaSeen() {
        assertThat(pairs("theme=dark, SID=stolen,x=1; y=2"))
                .containsExactly("theme=dark, SID=stolen,x=1", "SID=stolen", "x=1", "y=2");
        assertThat(pairs("list=a,b,c")).containsExactly("list=a,b,c");
    }

    @Test
    void pairsWhenQuotedThenUnquotedAsInSetCookie() {
        assertThat(pairs("SID=\"abc\"; q=\"")).containsExactly("SID=abc", "q=\"");
    }

    @Test
    void pairsWhenNoNameOrNoEqualsThenSkipped() {
        assertThat(pairs("=v; flag; ; a=")).containsExactly("a=");
    }

    @Test
    void pairsOfRequestWhenSeveralCookieHeadersThenAllRead() {
        List<String> pairs = new ArrayList<>();
        CookieHeader.forEachPair(withCookies("a=1", "b=2"), (name, value) -> pairs.add(name + "=" + value));
        assertThat(pairs).containsExactly("a=1", "b=2");
    }

    @Test
    void singleWhenPresentOnceThenItsValue() {
        assertThat(CookieHeader.single(withCookies("x=1; gatehouse_session=abc; y=2"), "gatehouse_session"))
                .isEqualTo("abc");
        assertThat(CookieHeader.single(withCookies("gatehouse_session = \"abc\""), "gatehouse_session"))
                .isEqualTo("abc");
    }

    @Test
    void singleWhenOnlyPartOfAnotherNameThenNotFound() {
        assertThat(CookieHeader.single(
                        withCookies("__Host-gatehouse_session=abc; xgatehouse_session=d;"
                                + " gatehouse_sessions=e; v=gatehouse_session=f"),
                        "gatehouse_session"))
                .isNull();
    }

    @Test
    void singleWhenRepeatedEmptyMissingOrAfterACommaThenNull() {
        assertThat(CookieHeader.single(withCookies("gatehouse_session=a; gatehouse_session=b"), "gatehouse_session"))
                .isNull();
        assertThat(CookieHeader.single(withCookies("gatehouse_session=a", "gatehouse_session=b"), "gatehouse_session"))
                .isNull();
        assertThat(CookieHeader.single(withCookies("gatehouse_session="), "gatehouse_session"))
                .isNull();
        assertThat(CookieHeader.single(withCookies("other=1"), "gatehouse_session"))
                .isNull();
        assertThat(CookieHeader.single(MockServerHttpRequest.get("/").build(), "gatehouse_session"))
                .isNull();
        assertThat(CookieHeader.single(withCookies("t=1, gatehouse_session=a"), "gatehouse_session"))
                .isNull();
    }
}
