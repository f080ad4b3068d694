package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.FixedClockConfiguration;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.TestBrowser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code username.case: preserve} the site's {@code KIOSK@example.org} is another account than
 * {@code kiosk@example.org}, with its own secret: a rule that lets the kiosk account skip the second factor must not
 * let the other account skip it too.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.upstream.username.case=preserve",
            "gatehouse.policy.default=required",
            "gatehouse.policy.rules[0].name=kiosk",
            "gatehouse.policy.rules[0].paths=/**",
            "gatehouse.policy.rules[0].users=kiosk@example.org",
            "gatehouse.policy.rules[0].policy=bypass"
        })
@Import(FixedClockConfiguration.class)
class PreservedCaseSubjectIntegrationTests {

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        LegacySiteStubsAccess.formLogin(upstream);
    }

    @Test
    void loginWhenTheNamedUserThenNoSecondFactor() {
        TestBrowser kiosk = new TestBrowser(port);

        assertThat(kiosk.postForm("/login", "email", "kiosk@example.org", "password", "right")
                        .location())
                .doesNotStartWith("/_gatehouse/");
    }

    @Test
    void loginWhenAnotherAccountDiffersOnlyInCaseThenItMustEnroll() {
        TestBrowser other = new TestBrowser(port);

        assertThat(other.postForm("/login", "email", "KIOSK@example.org", "password", "right")
                        .location())
                .isEqualTo("/_gatehouse/enroll");
    }
}
