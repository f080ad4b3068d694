package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.RawHttp;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request smuggling and framing tricks. Each attack hides a second request for {@code /admin/smuggled} (carrying a
 * stolen upstream cookie, which Gatehouse itself would refuse) inside an innocent request to a bypass route. If
 * Gatehouse and the upstream ever disagreed about where one request ends, the upstream would serve it: the
 * journal must never show {@code /admin/smuggled}.
 */
class FramingAttackIntegrationTests extends AttackIntegrationTestSupport {

    private static final String SMUGGLED =
            "GET /admin/smuggled HTTP/1.1\r\nHost: localhost\r\n" + "Cookie: LEGACYSESSID=stolen\r\n\r\n";

    static Stream<Arguments> smuggling() {
        String chunkedThenSmuggled = "0\r\n\r\n" + SMUGGLED;
        return Stream.of(
                Arguments.of(
                        "CVE-2019-20445 Netty: Content-Length and Transfer-Encoding (CL.TE)",
                        "POST /public/form HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n" + chunkedThenSmuggled),
                Arguments.of(
                        "TE.CL: Transfer-Encoding first, short Content-Length",
                        "POST /public/form HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                                + "Content-Length: 3\r\n\r\n" + "8\r\nSMUGGLED\r\n" + chunkedThenSmuggled),
                Arguments.of(
                        "RFC 9112 6.3: duplicate, different Content-Length",
                        "POST /public/form HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nContent-Length: "
                                + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED),
                Arguments.of(
                        "Content-Length as a list",
                        "POST /public/form HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0, " + SMUGGLED.length()
                                + "\r\n\r\n" + SMUGGLED),
                Arguments.of(
                        "CVE-2019-16869 Netty: space before the colon of Transfer-Encoding",
                        "POST /public/form HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding : chunked\r\n"
                                + "Content-Length: " + chunkedThenSmuggled.length() + "\r\n\r\n" + chunkedThenSmuggled),
                Arguments.of(
                        "CVE-2020-7238 Netty: Transfer-Encoding with leading whitespace",
                        "POST /public/form HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: \tchunked\r\n"
                                + "Content-Length: 4\r\n\r\n" + chunkedThenSmuggled),
                Arguments.of(
                        "Obfuscated Transfer-Encoding: xchunked",
                        "POST /public/form HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: xchunked\r\n"
                                + "Content-Length: 4\r\n\r\n" + chunkedThenSmuggled),
                Arguments.of(
                        "Transfer-Encoding: chunked, identity",
                        "POST /public/form HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked, identity\r\n"
                                + "Content-Length: 4\r\n\r\n" + chunkedThenSmuggled),
                Arguments.of(
                        "CVE-2022-32215 Node.js: obs-fold continuation of Transfer-Encoding",
                        "POST /public/form HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: identity\r\n chunked\r\n"
                                + "Content-Length: 4\r\n\r\n" + chunkedThenSmuggled),
                Arguments.of(
                        "Obs-fold continuation of an ordinary header",
                        "GET /public/page HTTP/1.1\r\nHost: localhost\r\nX-Note: a\r\n b\r\n\r\n" + SMUGGLED),
                Arguments.of(
                        "CVE-2022-32214 Node.js: bare LF line endings",
                        "POST /public/form HTTP/1.1\nHost: localhost\nContent-Length: 4\nTransfer-Encoding: chunked\n\n"
                                + chunkedThenSmuggled),
                Arguments.of(
                        "Chunk size with a trailing extension and bare LF",
                        "POST /public/form HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "3;x\nabc\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of(
                        "CVE-2019-20444 Netty: header line without a colon",
                        "GET /public/page HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding chunked\r\n\r\n"
                                + SMUGGLED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smuggling")
    void smuggledRequestThenNeverReachesUpstream(String attack, String bytes) {
        RawHttp.Response response = RawHttp.send(port, bytes);

        assertThat(upstream.findAll(anyRequestedFor(urlPathMatching("/admin/.*"))))
                .as(attack + "\n" + response.raw())
                .isEmpty();
        // Whatever Gatehouse made of the second request, it never answered it with the upstream's protected page.
        assertThat(response.raw()).doesNotContain("Admin dashboard");
    }

    @Test
    @DisplayName("A request pipelined after a refused one is never processed: the refusal closes the connection")
    void requestPipelinedAfterRefusedOneThenDropped() {
        RawHttp.Response response = RawHttp.send(
                port,
                "GET /public/..%2fadmin/users HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        + "GET /public/after-refusal HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertThat(response.statuses()).containsExactly(400);
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(received()).isEmpty();
    }

    @Test
    @DisplayName("Control: well-framed pipelined requests are each forwarded at most once, and only those answered")
    void wellFramedPipelineThenEachAnsweredRequestForwardedOnce() {
        RawHttp.Response response = RawHttp.send(
                port,
                "GET /public/one HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        + "GET /public/two HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        // Reactor Netty may answer only the first of a pipeline and close; it must never forward one it did not answer.
        assertThat(response.statuses()).as(response.raw()).isNotEmpty().allMatch(status -> status == 200);
        assertThat(received())
                .extracting(request -> request.getUrl())
                .hasSize(response.statuses().size())
                .isSubsetOf("/public/one", "/public/two")
                .doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("Oversized request headers are refused (431 or 400) and never forwarded")
    void oversizedHeadersThenRefused() {
        RawHttp.Response response =
                RawHttp.send(port, RawHttp.request("GET /public/page HTTP/1.1", "X-Big: " + "a".repeat(64 * 1024)));

        assertThat(response.status()).isIn(400, 413, 431);
        assertThat(received()).isEmpty();
    }

    @Test
    @DisplayName("Oversized request line is refused and never forwarded")
    void oversizedRequestLineThenRefused() {
        RawHttp.Response response =
                RawHttp.send(port, RawHttp.request("GET /public/" + "a".repeat(64 * 1024) + " HTTP/1.1"));

        assertThat(response.status()).isIn(400, 413, 414, 431);
        assertThat(received()).isEmpty();
    }

    @Test
    @DisplayName("h2c smuggling (Bishop Fox, 2020): an Upgrade: h2c is neither accepted nor passed to the upstream")
    void h2cUpgradeThenNotSwitchedAndNotForwarded() {
        RawHttp.Response response = RawHttp.send(
                port,
                "GET /public/page HTTP/1.1\r\nHost: localhost\r\n"
                        + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nConnection: Upgrade, HTTP2-Settings, close\r\n\r\n");

        assertThat(response.status()).isNotEqualTo(101);
        assertThat(received()).allSatisfy(request -> {
            assertThat(request.containsHeader("Upgrade")).isFalse();
            assertThat(request.containsHeader("HTTP2-Settings")).isFalse();
        });
    }

    @Test
    @DisplayName("h2c prior knowledge: the HTTP/2 preface on the cleartext port is not a way around HTTP/1.1 checks")
    void h2cPriorKnowledgeThenNothingForwarded() {
        RawHttp.Response response = RawHttp.send(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

        assertThat(response.isSuccess()).isFalse();
        assertThat(received()).isEmpty();
    }
}
