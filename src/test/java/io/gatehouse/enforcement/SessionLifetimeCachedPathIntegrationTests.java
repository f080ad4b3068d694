package io.gatehouse.enforcement;

import io.gatehouse.session.VerifiedSessionCache;
import java.time.Duration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The session lifetime with a verified-session cache whose snapshots never age on their own (its ticker stands
 * still): every request the cache may serve is served from it, so a limit is only kept if the cached path keeps it.
 */
@Import(SessionLifetimeCachedPathIntegrationTests.StillCache.class)
class SessionLifetimeCachedPathIntegrationTests extends SessionLifetimeIntegrationTestSupport {

    @TestConfiguration
    static class StillCache {
        @Bean
        @Primary
        VerifiedSessionCache stillVerifiedSessionCache() {
            return new VerifiedSessionCache(Duration.ofHours(1), () -> 0L);
        }
    }
}
