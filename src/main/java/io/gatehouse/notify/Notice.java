package io.gatehouse.notify;

import io.gatehouse.web.Text;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** One email to a user about their account: its subject and paragraphs as message-bundle keys. */
public sealed interface Notice {

    String user();

    /** The subject's key; its one argument is the site name. */
    String subjectKey();

    List<Text> paragraphs();

    /** What to do if it was not them; null when the notice needs no such line. */
    default Text ifNotYou() {
        return Text.of("mail.ifNotYou");
    }

    DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** Two-factor authentication was turned off; {@code by} is a {@link Text} naming who did it. */
    record Disabled(String user, Text by, Instant at) implements Notice {
        public String subjectKey() {
            return "mail.disabled.subject";
        }

        public List<Text> paragraphs() {
            return List.of(Text.of("mail.disabled.body", user, TIME.format(at)), by, Text.of("mail.disabled.next"));
        }
    }

    record Enabled(String user, Instant at) implements Notice {
        public String subjectKey() {
            return "mail.enabled.subject";
        }

        public List<Text> paragraphs() {
            return List.of(Text.of("mail.enabled.body", user, TIME.format(at)));
        }
    }

    record RecoveryCodeUsed(String user, long remaining, Instant at) implements Notice {
        public String subjectKey() {
            return "mail.recoveryUsed.subject";
        }

        public List<Text> paragraphs() {
            return List.of(
                    Text.of("mail.recoveryUsed.body", user, TIME.format(at)),
                    Text.of("mail.recoveryUsed.left", remaining));
        }
    }

    /** Sign-in was locked after wrong codes; {@code until} empty means until an administrator unlocks it. */
    record LockedOut(String user, Optional<Instant> until, Instant at) implements Notice {
        public String subjectKey() {
            return "mail.lockout.subject";
        }

        public List<Text> paragraphs() {
            return List.of(
                    Text.of("mail.lockout.body", user, TIME.format(at)),
                    until.map(time -> Text.of("mail.lockout.until", TIME.format(time)))
                            .orElse(Text.of("mail.lockout.admin")));
        }
    }

    /** The one-time code that proves the address before a first enrollment. */
    record EmailCode(String user, String code) implements Notice {
        public String subjectKey() {
            return "mail.emailCode.subject";
        }

        public List<Text> paragraphs() {
            return List.of(Text.of("mail.emailCode.body", code), Text.of("mail.emailCode.expiry"));
        }

        @Override
        public Text ifNotYou() {
            return Text.of("mail.emailCode.ifNotYou");
        }
    }
}
