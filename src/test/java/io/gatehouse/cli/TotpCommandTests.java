package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.totp.TotpAlgorithm;
import io.gatehouse.totp.TotpParameters;
import io.gatehouse.totp.TotpSecret;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TotpCommandTests {

    @Test
    void parseWhenImportWithFileAndForceThenOptionsInAnyOrder() {
        assertThat(TotpCommand.parse(List.of("import", "--force", "--secret-file", "s.txt", "ann@example.org")))
                .isEqualTo(new TotpCommand.Options(
                        TotpCommand.Action.IMPORT, "ann@example.org", Optional.of("s.txt"), true));
        assertThat(TotpCommand.parse(List.of("import", "ann@example.org", "--secret-file=-"))
                        .secretFile())
                .contains("-");
    }

    @Test
    void parseWhenGenerateThenNoFile() {
        assertThat(TotpCommand.parse(List.of("generate", "ann@example.org")))
                .isEqualTo(new TotpCommand.Options(
                        TotpCommand.Action.GENERATE, "ann@example.org", Optional.empty(), false));
    }

    @Test
    void parseWhenWordsWrongThenMessageNamesTheProblem() {
        assertThatThrownBy(() -> TotpCommand.parse(List.of())).hasMessageContaining("needs import or generate");
        assertThatThrownBy(() -> TotpCommand.parse(List.of("export", "a")))
                .hasMessageContaining("unknown admin totp command export");
        assertThatThrownBy(() -> TotpCommand.parse(List.of("import", "a")))
                .hasMessageContaining("needs --secret-file FILE");
        assertThatThrownBy(() -> TotpCommand.parse(List.of("import", "--secret-file")))
                .hasMessageContaining("needs a file name");
        assertThatThrownBy(() -> TotpCommand.parse(List.of("import", "--secret-file", "f")))
                .hasMessageContaining("needs a user");
        assertThatThrownBy(() -> TotpCommand.parse(List.of("import", "a", "b", "--secret-file", "f")))
                .hasMessageContaining("one user only, but also got 'b'");
        assertThatThrownBy(() -> TotpCommand.parse(List.of("generate", "a", "--secret-file", "f")))
                .hasMessageContaining("--secret-file is for import");
        assertThatThrownBy(() -> TotpCommand.parse(List.of("generate", "a", "--yes")))
                .hasMessageContaining("unknown option --yes");
    }

    @Test
    void secretWhenBase32WithSpacesAndLowerCaseThenCanonicalWithConfiguredParameters() {
        TotpSecret secret = TotpCommand.secret(" jbsw-y3dp ehpk 3pxp====\n", TotpParameters.DEFAULTS);

        assertThat(secret.base32()).isEqualTo("JBSWY3DPEHPK3PXP");
        assertThat(secret.parameters()).isEqualTo(TotpParameters.DEFAULTS);
    }

    @Test
    void secretWhenOtpauthUriThenItsParametersOverrideTheConfiguredOnes() {
        TotpSecret secret = TotpCommand.secret(
                "otpauth://totp/Old%20VPN:kim%40example.org?secret=JBSWY3DPEHPK3PXP&issuer=Old%20VPN&algorithm=SHA256&digits=8&period=60",
                TotpParameters.DEFAULTS);

        assertThat(secret.parameters()).isEqualTo(new TotpParameters(TotpAlgorithm.SHA256, 8, Duration.ofSeconds(60)));
        assertThat(secret.base32()).isEqualTo("JBSWY3DPEHPK3PXP");
    }

    @Test
    void secretWhenMalformedThenMessageSaysWhy() {
        assertThatThrownBy(() -> TotpCommand.secret("  \n", TotpParameters.DEFAULTS))
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> TotpCommand.secret("JBSWY3DPEHPK3PXP\nJBSWY3DPEHPK3PXP", TotpParameters.DEFAULTS))
                .hasMessageContaining("must hold one secret");
        assertThatThrownBy(() -> TotpCommand.secret("JBSWY3DP", TotpParameters.DEFAULTS))
                .hasMessageContaining("40 bits");
        assertThatThrownBy(
                        () -> TotpCommand.secret("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP", TotpParameters.DEFAULTS))
                .hasMessageContaining("only otpauth://totp/");
        assertThatThrownBy(() -> TotpCommand.secret("otpauth://totp/x?issuer=a", TotpParameters.DEFAULTS))
                .hasMessageContaining("no secret parameter");
        assertThatThrownBy(() -> TotpCommand.secret(
                        "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=9", TotpParameters.DEFAULTS))
                .hasMessageContaining("digits must be 6, 7 or 8 but was 9");
        assertThatThrownBy(() -> TotpCommand.secret(
                        "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5", TotpParameters.DEFAULTS))
                .hasMessageContaining("algorithm must be SHA1, SHA256 or SHA512 but was 'MD5'");
        assertThatThrownBy(() -> TotpCommand.secret(
                        "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=1", TotpParameters.DEFAULTS))
                .hasMessageContaining("period must be from 15 to 300 seconds but was 1");
        assertThatThrownBy(() -> TotpCommand.secret(
                        "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=3600", TotpParameters.DEFAULTS))
                .hasMessageContaining("period must be from 15 to 300 seconds but was 3600");
    }
}
