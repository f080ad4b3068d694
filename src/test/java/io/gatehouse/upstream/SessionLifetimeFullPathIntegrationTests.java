package io.gatehouse.upstream;

import java.time.Duration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/** The session lifetime with the verified-session cache off: every request reads its session from Redis. */
@Import(SessionLifetimeFullPathIntegrationTests.NoCache.class)
class SessionLifetimeFullPathIntegrationTests extends SessionLifetimeIntegrationTestSupport {

    @TestConfiguration
    static class NoCache {
        @Bean
        @Primary
        VerifiedSessionCache noVerifiedSessionCache() {
            return new VerifiedSessionCache(Duration.ZERO, System::nanoTime);
        }
    }
}
