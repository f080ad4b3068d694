package io.gatehouse.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.VerificationResult.LockScope;
import io.gatehouse.store.VerificationResult.LockedOut;
import io.gatehouse.web.Text;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LockoutNoticeTests {

    private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

    @Test
    void ofWhenLockedForMinutesThenRoundedUpMinutesAndUtcTime() {
        LockoutNotice notice =
                LockoutNotice.of(new LockedOut(Optional.of(NOW.plusSeconds(4 * 60 + 1)), LockScope.USER), NOW);

        assertThat(notice.reason()).isEqualTo(Text.of("lockout.user"));
        assertThat(notice.retry()).isEqualTo(Text.of("lockout.retry", 5L, "10:04"));
        assertThat(notice.retryAfterSeconds()).isEqualTo(241);
    }

    @Test
    void ofWhenLessThanAMinuteThenAboutOneMinute() {
        LockoutNotice notice = LockoutNotice.of(new LockedOut(Optional.of(NOW.plusSeconds(5)), LockScope.CLIENT), NOW);

        assertThat(notice.reason()).isEqualTo(Text.of("lockout.client"));
        assertThat(notice.retry()).isEqualTo(Text.of("lockout.retry", 1L, "10:00"));
    }

    @Test
    void ofWhenUntilAnotherDayThenDateIncluded() {
        LockoutNotice notice =
                LockoutNotice.of(new LockedOut(Optional.of(NOW.plusSeconds(24 * 3600)), LockScope.USER), NOW);

        assertThat(notice.retry()).isEqualTo(Text.of("lockout.retry", 1440L, "2030-01-02 10:00"));
    }

    @Test
    void ofWhenOnlyAnAdministratorCanUnlockThenSaysSoWithoutATime() {
        LockoutNotice notice = LockoutNotice.of(new LockedOut(Optional.empty(), LockScope.USER), NOW);

        assertThat(notice.reason()).isEqualTo(Text.of("lockout.admin"));
        assertThat(notice.retry()).isNull();
        assertThat(notice.retryAfterSeconds()).isNegative();
    }
}
