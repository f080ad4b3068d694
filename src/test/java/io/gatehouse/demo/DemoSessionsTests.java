package io.gatehouse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DemoSessionsTests {

    private static final DemoUser BOB = new DemoUser("bob@example.org", "bob-password", "Bob", false);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
    private final DemoSessions sessions = new DemoSessions(clock, new SecureRandom(), Duration.ofMinutes(30));

    @Test
    void createWhenCalledThenReturnsRandom128BitHexId() {
        String first = sessions.create(BOB);
        String second = sessions.create(BOB);

        assertThat(first).matches("[0-9a-f]{32}").isNotEqualTo(second);
        assertThat(sessions.find(first)).contains(BOB);
    }

    @Test
    void findWhenIdleLongerThanTimeoutThenEmpty() {
        String id = sessions.create(BOB);

        clock.advance(Duration.ofMinutes(30));

        assertThat(sessions.find(id)).isEmpty();
        assertThat(sessions.activeCount()).isZero();
    }

    @Test
    void findWhenUsedWithinTimeoutThenIdleTimerRestarts() {
        String id = sessions.create(BOB);

        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.find(id)).contains(BOB);
        clock.advance(Duration.ofMinutes(20));

        assertThat(sessions.find(id)).contains(BOB);
    }

    @Test
    void findWhenInvalidatedThenEmpty() {
        String id = sessions.create(BOB);

        sessions.invalidate(id);

        assertThat(sessions.find(id)).isEmpty();
    }

    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
