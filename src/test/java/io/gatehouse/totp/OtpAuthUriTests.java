package io.gatehouse.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OtpAuthUriTests {

    private static final String SECRET = "JBSWY3DPEHPK3PXP";

    @Test
    void ofWhenDefaultsThenOnlySecretAndIssuer() {
        String uri = OtpAuthUri.of("ACME Co", "john.doe@email.com", new TotpSecret(SECRET, TotpParameters.DEFAULTS));
        assertThat(uri)
                .isEqualTo("otpauth://totp/ACME%20Co:john.doe%40email.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co");
    }

    @Test
    void ofWhenNonDefaultParametersThenAdded() {
        TotpSecret secret = new TotpSecret(SECRET, new TotpParameters(TotpAlgorithm.SHA512, 8, Duration.ofSeconds(60)));
        assertThat(OtpAuthUri.of("Gatehouse", "alice", secret))
                .isEqualTo(
                        "otpauth://totp/Gatehouse:alice?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse&algorithm=SHA512&digits=8&period=60");
    }

    @Test
    void ofWhenReservedAndNonAsciiCharactersThenPercentEncoded() {
        String uri = OtpAuthUri.of("Ünï & Co", "a:b/c?d#e+f", new TotpSecret(SECRET, TotpParameters.DEFAULTS));
        assertThat(uri)
                .startsWith("otpauth://totp/%C3%9Cn%C3%AF%20%26%20Co:a%3Ab%2Fc%3Fd%23e%2Bf?")
                .endsWith("&issuer=%C3%9Cn%C3%AF%20%26%20Co");
    }

    @Test
    void ofWhenIssuerHasColonThenRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> OtpAuthUri.of("a:b", "alice", new TotpSecret(SECRET, TotpParameters.DEFAULTS)));
    }
}
