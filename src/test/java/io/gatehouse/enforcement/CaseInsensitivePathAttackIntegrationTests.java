package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.RawHttp;
import io.gatehouse.support.TestBrowser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code gatehouse.policy.case-insensitive: true} (for upstreams such as IIS that serve {@code /ADMIN} as
 * {@code /admin}; the WireMock upstream answers every path), case variants are decided by the rule they alias:
 * required ones send a password-only session to enrollment, bypass ones pass. Without the setting they fall through
 * to later rules and the default, as {@code PathConfusionAttackIntegrationTests} shows.
 */
@TestPropertySource(properties = "gatehouse.policy.case-insensitive=true")
class CaseInsensitivePathAttackIntegrationTests extends AttackIntegrationTestSupport {

    @ParameterizedTest(name = "GET {0}")
    @ValueSource(strings = {"/ADMIN", "/Admin/users", "/admin/USERS", "/aDmIn/Users/7"})
    void caseVariantOfRequiredPathWhenPasswordOnlySessionThenSentToEnrollmentNeverForwarded(String target) {
        TestBrowser mallory = passwordOnlyBrowser();

        RawHttp.Response response = RawHttp.send(
                port, RawHttp.request("GET " + target + " HTTP/1.1", "Accept: text/html", cookieHeader(mallory)));

        assertThat(response.status()).as(response.raw()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/_gatehouse/enroll");
        assertThat(received()).isEmpty();
    }

    @ParameterizedTest(name = "GET {0}")
    @ValueSource(strings = {"/PUBLIC/page", "/Public/page"})
    void caseVariantOfBypassPathWhenAnonymousThenForwardedOnce(String target) {
        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request("GET " + target + " HTTP/1.1", "Accept: text/html", "Cookie: LEGACYSESSID=stolen"));

        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(received())
                .singleElement()
                .satisfies(request -> assertThat(request.getUrl()).isEqualTo(target));
    }
}
