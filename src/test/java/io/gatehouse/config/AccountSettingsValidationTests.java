package io.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Validation of {@code gatehouse.mail.*}, {@code gatehouse.admins.*} and {@code gatehouse.audit.*}. */
class AccountSettingsValidationTests {

    @Test
    void mailWhenValuesBadThenEachKeyNamed() {
        ConfigErrors errors = new ConfigErrors();
        new MailProperties(
                        "smtp.example.org",
                        0,
                        "u",
                        null,
                        true,
                        "not-an-address",
                        "nouser@example.org",
                        11,
                        Duration.ofSeconds(1),
                        Duration.ZERO)
                .validate(errors);
        assertThat(String.join("\n", errors.messages()))
                .contains(
                        "gatehouse.mail.port",
                        "gatehouse.mail.from",
                        "gatehouse.mail.address-template",
                        "gatehouse.mail.retries",
                        "gatehouse.mail.timeout",
                        "gatehouse.mail.username and gatehouse.mail.password");
    }

    @Test
    void mailWhenDefaultsThenValid() {
        ConfigErrors errors = new ConfigErrors();
        MailProperties.defaults().validate(errors);
        assertThat(errors.isEmpty()).isTrue();
    }

    @Test
    void adminsWhenUnknownGroupAndLongMaxAgeThenRejected() {
        ConfigErrors errors = new ConfigErrors();
        new AdminsProperties(List.of("root@example.org"), List.of("ops"), Duration.ofHours(2))
                .validate(errors, Set.of("staff"));
        assertThat(String.join("\n", errors.messages()))
                .contains("gatehouse.admins.groups[0]", "gatehouse.admins.max-age");
    }

    @Test
    void auditWhenTooSmallThenRejected() {
        ConfigErrors errors = new ConfigErrors();
        new AuditProperties(10).validate(errors);
        assertThat(errors.messages()).singleElement().asString().contains("gatehouse.audit.max-events");
    }
}
