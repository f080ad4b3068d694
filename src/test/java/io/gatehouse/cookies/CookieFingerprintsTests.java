package io.gatehouse.cookies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CookieFingerprintsTests {

    final CookieFingerprints fingerprints = new CookieFingerprints(new byte[32]);

    @Test
    void matchesWhenEveryPresentedCookieWasReleasedThenTrue() {
        String fingerprint = fingerprints.of(Map.of("SESS", "abc", "remember", "xyz"));

        assertThat(fingerprints.matches(fingerprint, Map.of("SESS", List.of("abc"))))
                .isTrue();
        assertThat(fingerprints.matches(fingerprint, Map.of("SESS", List.of("abc"), "remember", List.of("xyz"))))
                .isTrue();
    }

    @Test
    void matchesWhenAValueDiffersOrANameIsUnknownOrNothingPresentedThenFalse() {
        String fingerprint = fingerprints.of(Map.of("SESS", "abc"));

        assertThat(fingerprints.matches(fingerprint, Map.of("SESS", List.of("abd"))))
                .isFalse();
        assertThat(fingerprints.matches(fingerprint, Map.of("SESS", List.of("abc", "other"))))
                .isFalse();
        assertThat(fingerprints.matches(fingerprint, Map.of("SESS", List.of("abc"), "OTHER", List.of("1"))))
                .isFalse();
        assertThat(fingerprints.matches(fingerprint, Map.of())).isFalse();
    }

    @Test
    void ofWhenKeyDiffersThenFingerprintDiffers() {
        CookieFingerprints other = new CookieFingerprints(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32
        });

        assertThat(other.of(Map.of("SESS", "abc"))).isNotEqualTo(fingerprints.of(Map.of("SESS", "abc")));
        assertThat(fingerprints.of(Map.of("SESS", "abc"))).doesNotContain("abc");
    }
}
