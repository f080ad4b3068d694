package io.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.enforcement.LegacySiteStubsAccess;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.FixedClockConfiguration;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.TestBrowser;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code username.case: preserve} the site's {@code ROOT@example.org} and {@code root@example.org} are two
 * accounts with two secrets: naming one of them an admin must not make the other one an admin.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.upstream.username.case=preserve",
            "gatehouse.admins.users[0]=root@example.org"
        })
@Import(FixedClockConfiguration.class)
class PreservedCaseAdminIntegrationTests {

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        LegacySiteStubsAccess.formLogin(upstream);
        clock.advance(Duration.ofMinutes(10));
    }

    @Test
    void consoleWhenAdminNamedInLowerCaseThenTheAdminIsAllowed() {
        TestBrowser admin = new TestBrowser(port);
        admin.postForm("/login", "email", "root@example.org", "password", "right");
        Authenticator.enroll(admin, clock);

        assertThat(admin.get("/_gatehouse/admin").status()).isEqualTo(200);
    }

    @Test
    void consoleWhenAnotherAccountDiffersOnlyInCaseThenRefused() {
        // Another person's account on a case-sensitive site, with that person's own secret.
        TestBrowser other = new TestBrowser(port);
        other.postForm("/login", "email", "ROOT@example.org", "password", "right");
        Authenticator.enroll(other, clock);
        assertThat(other.get("/_gatehouse/account").body()).contains("ROOT@example.org");

        assertThat(other.get("/_gatehouse/admin").status()).isEqualTo(403);
    }
}
