package io.gatehouse.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.config.SessionActivity;
import io.gatehouse.config.SessionProperties;
import io.gatehouse.support.MutableClock;
import io.gatehouse.web.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.mock.web.server.MockWebSession;

class SessionLifetimeTests {

    private static final Instant START = Instant.parse("2026-11-28T12:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration MAX_AGE = Duration.ofHours(12);

    private final MutableClock clock = new MutableClock(START);
    private final SessionLifetime lifetime =
            new SessionLifetime(new SessionProperties(IDLE, MAX_AGE, SessionActivity.NAVIGATIONS), clock);

    /** Minutes after the lifetime started: last activity, now; and the verdict. */
    @ParameterizedTest(name = "active at +{0}m, now +{1}m: {2}")
    @CsvSource({
        "0,    0,    LIVE",
        "0,    30,   LIVE", // exactly the idle timeout: not more than it
        "0,    31,   IDLE",
        "100,  129,  LIVE",
        "100,  131,  IDLE",
        "700,  720,  LIVE", // exactly max-age
        "719,  721,  EXPIRED", // busy, but past max-age
        "0,    721,  EXPIRED", // both: the absolute limit is named
        "-5,   20,   LIVE", // activity before the start (a new lifetime) counts from the start
    })
    void judgeWhenTimesGivenThenVerdict(long activeMinute, long nowMinute, SessionLifetime.Verdict verdict) {
        assertThat(SessionLifetime.judge(
                        START,
                        START.plus(Duration.ofMinutes(activeMinute)),
                        START.plus(Duration.ofMinutes(nowMinute)),
                        IDLE,
                        MAX_AGE))
                .isEqualTo(verdict);
    }

    @Test
    void judgeWhenOneSecondPastALimitThenEnded() {
        assertThat(SessionLifetime.judge(START, START, START.plus(IDLE).plusSeconds(1), IDLE, MAX_AGE))
                .isEqualTo(SessionLifetime.Verdict.IDLE);
        assertThat(SessionLifetime.judge(
                        START, START.plus(MAX_AGE), START.plus(MAX_AGE).plusSeconds(1), IDLE, MAX_AGE))
                .isEqualTo(SessionLifetime.Verdict.EXPIRED);
    }

    @Test
    void ofWhenSessionNotVerifiedThenAlwaysLive() {
        GatehouseSession pending = GatehouseSession.wrap(new MockWebSession());
        pending.signIn("ann@example.org", true, "sealed", "/");
        clock.advance(Duration.ofDays(2));

        assertThat(lifetime.of(pending)).isEqualTo(SessionLifetime.Verdict.LIVE);
        assertThat(lifetime.stopReason(pending)).isNull();
        assertThat(lifetime.explanation(pending)).isEmpty();
    }

    @Test
    void ofWhenVerifiedSessionIdleOrOldThenStopReasonAndExplanationNameTheLimit() {
        GatehouseSession session = verified();

        clock.advance(Duration.ofMinutes(31));
        assertThat(lifetime.stopReason(session)).isEqualTo("session-idle");
        assertThat(lifetime.explanation(session))
                .contains(Text.of("session.ended.idle", Text.of("duration.minutes", 30L)));

        session.active(clock.instant());
        clock.advance(Duration.ofHours(12));
        assertThat(lifetime.stopReason(session)).isEqualTo("session-expired");
        assertThat(lifetime.explanation(session))
                .contains(Text.of("session.ended.maxAge", Text.of("duration.hours", 12L)));
    }

    @Test
    void startWhenChallengePassedAgainThenBothLimitsCountFromNowAndSpringSessionKeepsItForMaxAge() {
        GatehouseSession session = verified();
        clock.advance(Duration.ofHours(13));
        assertThat(lifetime.of(session)).isEqualTo(SessionLifetime.Verdict.EXPIRED);

        lifetime.start(session);

        assertThat(lifetime.of(session)).isEqualTo(SessionLifetime.Verdict.LIVE);
        assertThat(session.lifetimeStartedAt()).contains(clock.instant());
        assertThat(session.activeAt()).contains(clock.instant());
        assertThat(session.webSession().getMaxIdleTime()).isEqualTo(MAX_AGE);
    }

    @Test
    void recordActivityWhenNavigationThenWrittenAtMostEveryResolution() {
        GatehouseSession session = verified();
        Instant started = clock.instant();

        clock.advance(Duration.ofSeconds(4));
        lifetime.recordActivity(session, page());
        assertThat(session.activeAt()).contains(started);

        clock.advance(Duration.ofSeconds(1));
        lifetime.recordActivity(session, page());
        assertThat(session.activeAt()).contains(clock.instant());
    }

    @Test
    void recordActivityWhenScriptRequestAndActivityIsNavigationsThenNotActivity() {
        GatehouseSession session = verified();
        Instant started = clock.instant();
        clock.advance(Duration.ofMinutes(10));

        lifetime.recordActivity(session, xhr());
        lifetime.recordActivity(
                session,
                exchange(MockServerHttpRequest.get("/api/poll")
                        .header("Sec-Fetch-Mode", "cors")
                        .accept(org.springframework.http.MediaType.TEXT_HTML)));
        assertThat(session.activeAt()).contains(started);

        SessionLifetime all = new SessionLifetime(new SessionProperties(IDLE, MAX_AGE, SessionActivity.ALL), clock);
        all.recordActivity(session, xhr());
        assertThat(session.activeAt()).contains(clock.instant());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'Sec-Fetch-Mode: navigate, Accept: */*',        navigate, */*,                     true",
        "'no fetch metadata, Accept: text/html',         ,         text/html,               true",
        "'Sec-Fetch-Mode: cors, Accept: text/html',      cors,     text/html,               false",
        "'no fetch metadata, Accept: application/json',  ,         application/json,        false",
    })
    void isActivityWhenNavigationsThenOnlyPageLoadsCount(String name, String fetchMode, String accept, boolean counts) {
        MockServerHttpRequest.BaseBuilder<?> request =
                MockServerHttpRequest.get("/admin").header(HttpHeaders.ACCEPT, accept);
        if (fetchMode != null) {
            request.header("Sec-Fetch-Mode", fetchMode);
        }
        assertThat(lifetime.isActivity(exchange(request))).isEqualTo(counts);
    }

    @Test
    void servesFromCacheWhenPastALimitThenNeverAndWhenActivityStaleThenOneRequestReloads() {
        VerifiedSessionCache.Snapshot fresh = snapshot(clock.instant(), clock.instant());
        assertThat(lifetime.servesFromCache(fresh, page())).isTrue();

        clock.advance(Duration.ofSeconds(6));
        VerifiedSessionCache.Snapshot stale = snapshot(START, START);
        assertThat(lifetime.servesFromCache(stale, xhr()))
                .as("not activity: served")
                .isTrue();
        assertThat(lifetime.servesFromCache(stale, page()))
                .as("the first navigation records it")
                .isFalse();
        assertThat(lifetime.servesFromCache(stale, page()))
                .as("the others meanwhile: served")
                .isTrue();

        clock.advance(Duration.ofMinutes(30));
        assertThat(lifetime.servesFromCache(snapshot(START, START), xhr()))
                .as("idle")
                .isFalse();
        assertThat(lifetime.servesFromCache(snapshot(START.minus(MAX_AGE), clock.instant()), xhr()))
                .as("past max-age")
                .isFalse();
    }

    @Test
    void spokenWhenLimitIsWholeDaysHoursOrMinutesThenLargestExactUnit() {
        assertThat(SessionLifetime.spoken(Duration.ofDays(30))).isEqualTo(Text.of("duration.days", 30L));
        assertThat(SessionLifetime.spoken(Duration.ofHours(12))).isEqualTo(Text.of("duration.hours", 12L));
        assertThat(SessionLifetime.spoken(Duration.ofMinutes(90))).isEqualTo(Text.of("duration.minutes", 90L));
        assertThat(SessionLifetime.spoken(Duration.ofHours(24))).isEqualTo(Text.of("duration.days", 1L));
    }

    private GatehouseSession verified() {
        GatehouseSession session = GatehouseSession.wrap(new MockWebSession());
        session.signIn("ann@example.org", true, "sealed", "/");
        session.release(SessionState.VERIFIED, "legacysessid:abc", clock.instant());
        lifetime.start(session);
        return session;
    }

    private static VerifiedSessionCache.Snapshot snapshot(Instant lifetimeStart, Instant activeAt) {
        return new VerifiedSessionCache.Snapshot(
                SessionState.VERIFIED,
                "ann@example.org",
                "legacysessid:abc",
                lifetimeStart,
                true,
                lifetimeStart,
                activeAt,
                0L,
                Map.of(),
                new AtomicBoolean());
    }

    private static MockServerWebExchange page() {
        return exchange(MockServerHttpRequest.get("/admin")
                .header("Sec-Fetch-Mode", "navigate")
                .accept(org.springframework.http.MediaType.TEXT_HTML));
    }

    private static MockServerWebExchange xhr() {
        return exchange(MockServerHttpRequest.get("/api/poll")
                .header("Sec-Fetch-Mode", "cors")
                .accept(org.springframework.http.MediaType.APPLICATION_JSON));
    }

    private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
        return MockServerWebExchange.from(request);
    }
}
