package io.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.config.QueryConditionProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Login, logout and sign-in page matchers read requests exactly as policy rules do. */
class RequestMatcherTests {

    private static final RequestMatcher FRONT_CONTROLLER_LOGIN = RequestMatcher.of(
            List.of("/index.php"),
            List.of("POST"),
            List.of(new QueryConditionProperties("action", null, "login", null)),
            false);

    @Test
    void matchesWhenPathMethodAndEveryQueryValueAgreeThenTrue() {
        assertThat(FRONT_CONTROLLER_LOGIN.matches("POST", "/index.php", Map.of("action", List.of("login"))))
                .isTrue();
    }

    @Test
    void matchesWhenOneRepeatedValueDiffersThenFalse() {
        assertThat(FRONT_CONTROLLER_LOGIN.matches("POST", "/index.php", Map.of("action", List.of("login", "admin"))))
                .isFalse();
    }

    @Test
    void matchesWhenOtherActionMethodOrPathThenFalse() {
        assertThat(FRONT_CONTROLLER_LOGIN.matches("POST", "/index.php", Map.of("page", List.of("admin"))))
                .isFalse();
        assertThat(FRONT_CONTROLLER_LOGIN.matches("GET", "/index.php", Map.of("action", List.of("login"))))
                .isFalse();
        assertThat(FRONT_CONTROLLER_LOGIN.matches("POST", "/Index.php", Map.of("action", List.of("login"))))
                .isFalse();
        assertThat(FRONT_CONTROLLER_LOGIN.matches("POST", "/index.php/x", Map.of("action", List.of("login"))))
                .isFalse();
    }

    @Test
    void matchesWhenTrailingSlashThenAsPolicyRulesDo() {
        RequestMatcher login = RequestMatcher.of(List.of("/login"), List.of(), List.of(), false);

        assertThat(login.matches("POST", "/login/", Map.of())).isTrue();
        assertThat(login.matches("POST", "/login2", Map.of())).isFalse();
    }

    @Test
    void matchesWhenCaseInsensitivePolicyThenAnyCase() {
        RequestMatcher login = RequestMatcher.of(List.of("/Login.aspx"), List.of(), List.of(), true);

        assertThat(login.matches("POST", "/LOGIN.ASPX", Map.of())).isTrue();
    }

    @Test
    void matchesWhenPatternThenPatternRules() {
        RequestMatcher check = RequestMatcher.of(List.of("/**/j_security_check"), List.of("POST"), List.of(), false);

        assertThat(check.matches("POST", "/examples/jsp/security/protected/j_security_check", Map.of()))
                .isTrue();
        assertThat(check.matches("POST", "/examples/other", Map.of())).isFalse();
    }
}
