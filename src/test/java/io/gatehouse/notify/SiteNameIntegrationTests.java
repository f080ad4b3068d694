package io.gatehouse.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.gatehouse.enforcement.LegacySiteStubsAccess;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.FixedClockConfiguration;
import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.TestBrowser;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
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
 * A site that names itself ({@code gatehouse.ui.site-name}) and sets no {@code gatehouse.totp.issuer}: authenticator
 * apps list it under that name, and the subjects of its emails carry it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.ui.site-name=Council Intranet",
            "gatehouse.mail.host=127.0.0.1",
            "gatehouse.mail.starttls=false",
            "gatehouse.mail.retry-delay=100ms",
            "gatehouse.policy.default=optional"
        })
@Import(FixedClockConfiguration.class)
class SiteNameIntegrationTests {

    static final int SMTP_PORT = freePort();

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    @DynamicPropertySource
    static void upstreamAndMail(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
        registry.add("gatehouse.mail.port", () -> SMTP_PORT);
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    TwoFactorService twoFactor;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        LegacySiteStubsAccess.formLogin(upstream);
        clock.advance(Duration.ofMinutes(10));
    }

    @Test
    void enrollWhenIssuerNotSetThenAuthenticatorAppsShowTheSiteName() {
        assertThat(twoFactor.enroll("alice@example.org").otpauthUri())
                .startsWith("otpauth://totp/Council%20Intranet:alice%40example.org?")
                .contains("&issuer=Council%20Intranet");

        TestBrowser browser = new TestBrowser(port);
        browser.postForm("/login", "email", "erin-" + UUID.randomUUID() + "@example.org", "password", "right");
        TestBrowser.Page account = browser.get("/_gatehouse/account");
        browser.postForm("/_gatehouse/account/activate", "_csrf", Authenticator.csrf(account.body()));
        assertThat(browser.get("/_gatehouse/enroll").body()).contains("Issuer: Council Intranet.");
    }

    @Test
    void turnOffWhenSiteNamedThenDeactivationEmailSubjectCarriesTheSiteName() throws Exception {
        String carol = "carol-" + UUID.randomUUID() + "@example.org";
        TestBrowser browser = new TestBrowser(port);
        browser.postForm("/login", "email", carol, "password", "right");
        TestBrowser.Page account = browser.get("/_gatehouse/account");
        browser.postForm("/_gatehouse/account/activate", "_csrf", Authenticator.csrf(account.body()));
        Authenticator app = Authenticator.enroll(browser, clock);
        clock.advance(Duration.ofSeconds(30));

        account = browser.get("/_gatehouse/account");
        assertThat(browser.postForm(
                                "/_gatehouse/account/disable",
                                "_csrf",
                                Authenticator.csrf(account.body()),
                                "code",
                                app.code(0))
                        .location())
                .isEqualTo("/_gatehouse/account");

        assertThat(mailTo(carol, "turned off").getSubject())
                .isEqualTo("Two-factor authentication was turned off – Council Intranet");
    }

    private static MimeMessage mailTo(String to, String subjectPart) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (MimeMessage message : smtp.getReceivedMessages()) {
                if (Arrays.stream(message.getAllRecipients())
                                .anyMatch(a -> a.toString().equals(to))
                        && message.getSubject().contains(subjectPart)) {
                    return message;
                }
            }
            smtp.waitForIncomingEmail(500, 1);
        }
        throw new AssertionError("no email to " + to + " about '" + subjectPart + "'");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
