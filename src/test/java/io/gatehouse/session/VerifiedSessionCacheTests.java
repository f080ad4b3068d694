package io.gatehouse.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.server.MockWebSession;
import org.springframework.web.server.WebSession;

class VerifiedSessionCacheTests {

    private final AtomicLong now = new AtomicLong();
    private final VerifiedSessionCache cache = new VerifiedSessionCache(Duration.ofSeconds(1), now::get);

    private GatehouseSession verified(WebSession web) {
        GatehouseSession session = GatehouseSession.wrap(web);
        session.signIn("ann@example.org", true, "sealed", "/");
        session.release(SessionState.VERIFIED, "legacysessid:abc", Instant.parse("2026-11-28T12:00:00Z"));
        return session;
    }

    @Test
    void getWhenYoungerThanTtlThenSnapshotElseGone() {
        MockWebSession web = new MockWebSession();
        cache.put(verified(web));

        assertThat(cache.get(web.getId()))
                .get()
                .extracting(VerifiedSessionCache.Snapshot::user)
                .isEqualTo("ann@example.org");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cache.get(web.getId())).isEmpty();
    }

    @Test
    void putWhenCookiesNotReleasedThenNothingCached() {
        MockWebSession web = new MockWebSession();
        GatehouseSession pending = GatehouseSession.wrap(web);
        pending.signIn("ann@example.org", true, "sealed", "/");

        cache.put(pending);

        assertThat(cache.get(web.getId())).isEmpty();
    }

    @Test
    void confirmWhenSameCookiesAgainThenConfirmedAndOtherCookiesNot() {
        MockWebSession web = new MockWebSession();
        cache.put(verified(web));
        VerifiedSessionCache.Snapshot snapshot = cache.get(web.getId()).orElseThrow();
        Map<String, List<String>> presented = Map.of("LEGACYSESSID", List.of("abc"));
        assertThat(snapshot.confirmed(presented)).isFalse();

        cache.confirm(web.getId(), snapshot, presented);
        VerifiedSessionCache.Snapshot confirmed = cache.get(web.getId()).orElseThrow();

        assertThat(confirmed.confirmed(presented)).isTrue();
        assertThat(confirmed.confirmed(Map.of("LEGACYSESSID", List.of("abd")))).isFalse();
        assertThat(confirmed.confirmed(Map.of("LEGACYSESSID", List.of("abc", "abc"))))
                .isFalse();
        assertThat(confirmed.confirmed(Map.of("legacysessid", List.of("abc")))).isFalse();
        assertThat(confirmed.confirmed(Map.of("LEGACYSESSID", List.of("abc"), "SID", List.of("x"))))
                .isFalse();
    }

    @Test
    void confirmNeverExtendsTheSnapshotsLifeNorRevivesAnEvictedOne() {
        MockWebSession web = new MockWebSession();
        cache.put(verified(web));
        VerifiedSessionCache.Snapshot snapshot = cache.get(web.getId()).orElseThrow();
        now.addAndGet(Duration.ofMillis(900).toNanos());

        cache.confirm(web.getId(), snapshot, Map.of("LEGACYSESSID", List.of("abc")));
        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(cache.get(web.getId())).isEmpty();

        cache.put(verified(web));
        VerifiedSessionCache.Snapshot reloaded = cache.get(web.getId()).orElseThrow();
        cache.evict(web.getId());
        cache.confirm(web.getId(), reloaded, Map.of("LEGACYSESSID", List.of("abc")));
        assertThat(cache.get(web.getId())).isEmpty();
    }

    @Test
    void claimReloadWhenHalfTheTtlHasPassedThenExactlyOneRequestReloadsAndTheOthersStayOnTheSnapshot() {
        MockWebSession web = new MockWebSession();
        cache.put(verified(web));
        VerifiedSessionCache.Snapshot snapshot = cache.get(web.getId()).orElseThrow();
        assertThat(cache.claimReload(snapshot)).isFalse();

        now.addAndGet(Duration.ofMillis(500).toNanos());

        assertThat(cache.claimReload(snapshot)).isTrue();
        assertThat(cache.claimReload(cache.get(web.getId()).orElseThrow())).isFalse();
        cache.put(verified(web));
        VerifiedSessionCache.Snapshot reloaded = cache.get(web.getId()).orElseThrow();
        assertThat(reloaded.loadedAt()).isGreaterThan(snapshot.loadedAt());
        assertThat(cache.claimReload(reloaded)).isFalse();
    }

    @Test
    void evictWhenSnapshotHeldThenGoneAtOnce() {
        MockWebSession web = new MockWebSession();
        cache.put(verified(web));

        cache.evict(web.getId());

        assertThat(cache.get(web.getId())).isEmpty();
    }

    @Test
    void getWhenJustBeforeTtlThenSnapshotAndAtTtlGoneEvenAfterAConfirm() {
        MockWebSession web = new MockWebSession();
        cache.put(verified(web));
        now.addAndGet(Duration.ofSeconds(1).toNanos() - 1);
        VerifiedSessionCache.Snapshot snapshot = cache.get(web.getId()).orElseThrow();

        cache.confirm(web.getId(), snapshot, Map.of("LEGACYSESSID", List.of("abc")));
        assertThat(cache.get(web.getId()))
                .get()
                .satisfies(confirmed -> assertThat(confirmed.confirmed(Map.of("LEGACYSESSID", List.of("abc"))))
                        .isTrue());
        now.incrementAndGet();

        assertThat(cache.get(web.getId())).isEmpty();
    }

    @Test
    void putWhenTtlNotPositiveThenNothingCached() {
        VerifiedSessionCache off = new VerifiedSessionCache(Duration.ZERO, now::get);
        MockWebSession web = new MockWebSession();

        off.put(verified(web));

        assertThat(off.get(web.getId())).isEmpty();
    }

    @Test
    void putWhenTheSessionIsNoLongerReleasedThenTheOldSnapshotIsDropped() {
        MockWebSession web = new MockWebSession();
        cache.put(verified(web));
        GatehouseSession signedOut = GatehouseSession.wrap(web);
        web.getAttributes().clear();

        cache.put(signedOut);

        assertThat(cache.get(web.getId())).isEmpty();
    }
}
