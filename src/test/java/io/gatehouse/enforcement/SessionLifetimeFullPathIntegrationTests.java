package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.session.VerifiedSessionCache;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.TestBrowser;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.session.data.redis.ReactiveRedisIndexedSessionRepository;

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

    @Autowired
    ReactiveRedisIndexedSessionRepository sessions;

    @Test
    void signInWhenVerifiedThenRedisKeepsTheSessionForMaxAgeAndAPendingOneForSpringsInterval() {
        TestBrowser browser = new TestBrowser(port);
        browser.postForm("/login", "email", "alice-" + UUID.randomUUID() + "@example.org", "password", "right");
        assertThat(keptInRedisFor(browser)).as("pending").isEqualTo(Duration.ofMinutes(30));

        Authenticator.enroll(browser, clock);

        // Long enough to outlive the idle limit, so the browser is told why and needs only the passcode.
        assertThat(keptInRedisFor(browser)).as("verified").isEqualTo(Duration.ofHours(12));
    }

    private Duration keptInRedisFor(TestBrowser browser) {
        return sessions.findById(browser.cookies().get("gatehouse_session"))
                .block()
                .getMaxInactiveInterval();
    }
}
