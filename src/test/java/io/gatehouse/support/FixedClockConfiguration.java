package io.gatehouse.support;

import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the application's clock with a {@link MutableClock} the test moves by hand, starting at a fixed instant. */
@TestConfiguration
public class FixedClockConfiguration {

    public static final Instant START = Instant.parse("2026-11-28T12:00:05Z");

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock(START);
    }
}
