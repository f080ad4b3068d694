package io.gatehouse.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TotpBasicsTests {

    @Test
    void encodeWhenRfc4648VectorsThenMatches() {
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Base32.encode("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
        assertThat(new String(Base32.decode("mzxw6ytboi======"), StandardCharsets.US_ASCII))
                .isEqualTo("foobar");
    }

    @Test
    void decodeWhenNotBase32ThenThrows() {
        assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("ABC1"));
    }

    @Test
    void generateWhenCalledThenSecretHas160RandomBits() {
        TotpSecretGenerator generator = new TotpSecretGenerator(new SecureRandom());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            TotpSecret secret = generator.generate(TotpParameters.DEFAULTS);
            assertThat(Base32.decode(secret.base32())).hasSize(20);
            assertThat(secret.base32()).hasSize(32);
            seen.add(secret.base32());
        }
        assertThat(seen).hasSize(50);
    }

    @Test
    void toStringWhenSecretThenHidden() {
        TotpSecret secret = new TotpSecretGenerator(new SecureRandom()).generate(TotpParameters.DEFAULTS);
        assertThat(secret.toString()).doesNotContain(secret.base32());
    }

    @Test
    void compatibilityWarningWhenDefaultsThenNoneOtherwiseNamesTheValues() {
        assertThat(TotpParameters.DEFAULTS.compatibilityWarning()).isEmpty();
        assertThat(new TotpParameters(TotpAlgorithm.SHA256, 6, Duration.ofSeconds(30)).compatibilityWarning())
                .hasValueSatisfying(w -> assertThat(w).contains("SHA256").contains("Google Authenticator"));
        assertThat(new TotpParameters(TotpAlgorithm.SHA1, 8, Duration.ofSeconds(30)).compatibilityWarning())
                .isPresent();
        assertThat(new TotpParameters(TotpAlgorithm.SHA1, 6, Duration.ofSeconds(60)).compatibilityWarning())
                .isPresent();
    }

    @Test
    void parseWhenAlgorithmNamesThenCaseAndDashInsensitive() {
        assertThat(TotpAlgorithm.parse("sha-256")).contains(TotpAlgorithm.SHA256);
        assertThat(TotpAlgorithm.parse("MD5")).isEmpty();
        assertThat(TotpAlgorithm.parse(null)).isEmpty();
    }

    @Test
    void generateWhenRecoveryCodesThenTenDistinctTypeableCodes() {
        List<String> codes = new RecoveryCodes(new SecureRandom()).generate();
        assertThat(codes)
                .hasSize(10)
                .doesNotHaveDuplicates()
                .allSatisfy(c -> assertThat(c).matches("[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}"));
    }

    @Test
    void normaliseWhenRecoveryCodeTypedLooselyThenCanonical() {
        assertThat(RecoveryCodes.normalise(" AB1C-d0EF ")).contains("ab1cd0ef");
        assertThat(RecoveryCodes.normalise("ablc doef")).contains("ab1cd0ef");
        assertThat(RecoveryCodes.normalise("ab1c-d0e")).isEmpty();
        assertThat(RecoveryCodes.normalise("ab1c-d0efg")).isEmpty();
        assertThat(RecoveryCodes.normalise("ab1c-d0eu")).isEmpty();
        assertThat(RecoveryCodes.normalise(null)).isEmpty();
    }
}
