package io.gatehouse.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpVerifierTests {

    // The exact seeds of RFC 6238 Appendix B: ASCII "1234567890" repeated to 20, 32 and 64 bytes.
    private static final String SEED_SHA1 = "12345678901234567890";
    private static final String SEED_SHA256 = "12345678901234567890123456789012";
    private static final String SEED_SHA512 = "1234567890123456789012345678901234567890123456789012345678901234";

    private static TotpSecret rfcSecret(TotpAlgorithm algorithm, int digits) {
        String seed = switch (algorithm) {
            case SHA1 -> SEED_SHA1;
            case SHA256 -> SEED_SHA256;
            case SHA512 -> SEED_SHA512;
        };
        return new TotpSecret(
                Base32.encode(seed.getBytes(StandardCharsets.US_ASCII)),
                new TotpParameters(algorithm, digits, Duration.ofSeconds(30)));
    }

    private static TotpVerifier at(long epochSecond, int skew) {
        return new TotpVerifier(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC), skew);
    }

    @ParameterizedTest
    @CsvSource({
        "59, SHA1, 94287082", "59, SHA256, 46119246", "59, SHA512, 90693936",
        "1111111109, SHA1, 07081804", "1111111109, SHA256, 68084774", "1111111109, SHA512, 25091201",
        "1111111111, SHA1, 14050471", "1111111111, SHA256, 67062674", "1111111111, SHA512, 99943326",
        "1234567890, SHA1, 89005924", "1234567890, SHA256, 91819424", "1234567890, SHA512, 93441116",
        "2000000000, SHA1, 69279037", "2000000000, SHA256, 90698825", "2000000000, SHA512, 38618901",
        "20000000000, SHA1, 65353130", "20000000000, SHA256, 77737706", "20000000000, SHA512, 47863826"
    })
    void verifyWhenRfc6238VectorThenAcceptsAtThatStep(long time, TotpAlgorithm algorithm, String code) {
        TotpSecret secret = rfcSecret(algorithm, 8);

        assertThat(at(time, 0).verify(secret, code)).isEqualTo(OptionalLong.of(time / 30));
        assertThat(at(time, 0).codeAt(secret, time / 30)).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 755224",
        "1, 287082",
        "2, 359152",
        "3, 969429",
        "4, 338314",
        "5, 254676",
        "6, 287922",
        "7, 162583",
        "8, 399871",
        "9, 520489"
    })
    void codeAtWhenRfc4226CounterThenMatchesAppendixD(long counter, String code) {
        TotpSecret secret = rfcSecret(TotpAlgorithm.SHA1, 6);

        assertThat(at(0, 0).codeAt(secret, counter)).isEqualTo(code);
    }

    @Test
    void verifyWhenCodeIsOneStepOldThenReturnsThatStepWithinSkew() {
        TotpSecret secret = rfcSecret(TotpAlgorithm.SHA1, 8);
        // 94287082 is step 1; at t=89 the clock is in step 2.
        assertThat(at(89, 1).verify(secret, "94287082")).isEqualTo(OptionalLong.of(1));
        assertThat(at(89, 0).verify(secret, "94287082")).isEmpty();
        assertThat(at(119, 1).verify(secret, "94287082")).isEmpty();
    }

    @Test
    void verifyWhenCodeIsOneStepAheadThenAcceptedWithinSkew() {
        TotpSecret secret = rfcSecret(TotpAlgorithm.SHA1, 8);
        assertThat(at(29, 1).verify(secret, "94287082")).isEqualTo(OptionalLong.of(1));
    }

    @Test
    void verifyWhenSpacesTypedThenAccepted() {
        TotpSecret secret = rfcSecret(TotpAlgorithm.SHA1, 6);
        TotpVerifier verifier = at(1_700_000_000L, 1);
        String code = verifier.codeAt(secret, verifier.currentStep(secret.parameters()));

        assertThat(verifier.verify(secret, code.substring(0, 3) + " " + code.substring(3)))
                .isPresent();
        assertThat(verifier.verify(secret, " " + code + " ")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "+%s", "-%s", "%s0", "%sa", "\t%s", "%s\n", "０%s"})
    void verifyWhenCodeIsMalformedThenRefused(String template) {
        TotpSecret secret = rfcSecret(TotpAlgorithm.SHA1, 6);
        TotpVerifier verifier = at(1_700_000_000L, 1);
        String code = verifier.codeAt(secret, verifier.currentStep(secret.parameters()));

        assertThat(verifier.verify(secret, template.formatted(code))).isEmpty();
    }

    @Test
    void verifyWhenFullWidthDigitsThenRefused() {
        TotpSecret secret = rfcSecret(TotpAlgorithm.SHA1, 6);
        TotpVerifier verifier = at(1_700_000_000L, 1);
        String code = verifier.codeAt(secret, verifier.currentStep(secret.parameters()));
        StringBuilder fullWidth = new StringBuilder();
        code.chars().forEach(c -> fullWidth.append((char) ('０' + (c - '0'))));

        assertThat(verifier.verify(secret, code)).isPresent();
        assertThat(verifier.verify(secret, fullWidth.toString())).isEmpty();
    }

    @Test
    void verifyWhenNullOrSevenDigitsForSixDigitUserThenRefused() {
        TotpSecret secret = rfcSecret(TotpAlgorithm.SHA1, 6);
        TotpVerifier verifier = at(1_700_000_000L, 1);
        String eight = at(1_700_000_000L, 1)
                .codeAt(rfcSecret(TotpAlgorithm.SHA1, 8), verifier.currentStep(secret.parameters()));

        assertThat(verifier.verify(secret, null)).isEmpty();
        // The 8-digit code ends with the 6-digit one; its last 7 digits must still not pass.
        assertThat(verifier.verify(secret, eight.substring(1))).isEmpty();
        assertThat(verifier.verify(secret, eight.substring(2))).isPresent();
    }

    @Test
    void verifyWhenWrongCodeThenRefused() {
        TotpSecret secret = rfcSecret(TotpAlgorithm.SHA1, 8);
        assertThat(at(59, 1).verify(secret, "94287083")).isEmpty();
    }

    @Test
    void currentStepWhenPeriodIsSixtyThenDividesBySixty() {
        TotpParameters parameters = new TotpParameters(TotpAlgorithm.SHA1, 6, Duration.ofSeconds(60));
        assertThat(at(125, 1).currentStep(parameters)).isEqualTo(2);
    }
}
