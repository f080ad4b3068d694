package io.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.totp.TotpAlgorithm;
import io.gatehouse.totp.TotpParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringTests {

    private static final String KEY_A = TwoFactorServiceIntegrationTests.KEY_A;
    private static final String KEY_B = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    @Test
    void fromEnvironmentWhenNoKeyThenMissingSecretKeyNamingTheVariable() {
        assertThatThrownBy(() -> KeyringLoader.fromEnvironment(Map.of()))
                .isInstanceOf(MissingSecretKeyException.class)
                .hasMessageContaining("GATEHOUSE_SECRET_KEY");
        assertThatThrownBy(() -> KeyringLoader.fromEnvironment(Map.of("GATEHOUSE_SECRET_KEY", " ")))
                .isInstanceOf(MissingSecretKeyException.class);
    }

    @Test
    void fromEnvironmentWhenKeyMalformedThenInvalidWithoutEchoingIt() {
        String shortKey = "c2hvcnQga2V5";
        assertThatThrownBy(() -> KeyringLoader.fromEnvironment(Map.of("GATEHOUSE_SECRET_KEY", shortKey)))
                .isInstanceOf(InvalidSecretKeyException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> KeyringLoader.fromEnvironment(Map.of("GATEHOUSE_SECRET_KEY", "not base64!")))
                .isInstanceOf(InvalidSecretKeyException.class);
        assertThatThrownBy(() -> KeyringLoader.fromEnvironment(Map.of("GATEHOUSE_SECRET_KEY", "bad id!:" + KEY_A)))
                .isInstanceOf(InvalidSecretKeyException.class);
    }

    @Test
    void fromEnvironmentWhenPlainKeyThenIdDerivedStably() {
        SecretKeyring keyring = KeyringLoader.fromEnvironment(Map.of("GATEHOUSE_SECRET_KEY", KEY_A));
        assertThat(keyring.currentId())
                .matches("k[0-9a-f]{8}")
                .isEqualTo(KeyringLoader.fromEnvironment(Map.of("GATEHOUSE_SECRET_KEY", KEY_A))
                        .currentId())
                .isNotEqualTo(KeyringLoader.fromEnvironment(Map.of("GATEHOUSE_SECRET_KEY", KEY_B))
                        .currentId());
        assertThat(keyring.toString()).doesNotContain(KEY_A);
    }

    @Test
    void fromEnvironmentWhenOldKeysThenAllDecryptAndCurrentEncrypts() {
        SecretKeyring keyring = KeyringLoader.fromEnvironment(Map.of(
                "GATEHOUSE_SECRET_KEY", "new:" + KEY_B, "GATEHOUSE_SECRET_KEYS_OLD", "old:" + KEY_A + ", " + KEY_A));
        assertThat(keyring.currentId()).isEqualTo("new");
        assertThat(keyring.ids()).hasSize(3).contains("new", "old");
        assertThatThrownBy(() -> KeyringLoader.parse("x:" + KEY_B, "x:" + KEY_A))
                .isInstanceOf(InvalidSecretKeyException.class)
                .hasMessageContaining("'x'");
    }

    @Test
    void openWhenAssociatedDataOrCiphertextDiffersThenUnreadable() {
        SecretCipher cipher = new SecretCipher(KeyringLoader.parse(KEY_A, null), new SecureRandom());
        byte[] secret = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        TotpParameters p = TotpParameters.DEFAULTS;
        String sealed = cipher.seal(secret, SecretRepository.associatedData("t", "alice", p));

        assertThat(cipher.open(sealed, SecretRepository.associatedData("t", "alice", p)))
                .isEqualTo(secret);
        assertThat(cipher.seal(secret, SecretRepository.associatedData("t", "alice", p)))
                .isNotEqualTo(sealed);
        assertThatThrownBy(() -> cipher.open(sealed, SecretRepository.associatedData("t", "bob", p)))
                .isInstanceOf(SecretUnreadableException.class);
        TotpParameters sha256 = new TotpParameters(TotpAlgorithm.SHA256, 6, Duration.ofSeconds(30));
        assertThatThrownBy(() -> cipher.open(sealed, SecretRepository.associatedData("t", "alice", sha256)))
                .isInstanceOf(SecretUnreadableException.class);
        char last = sealed.charAt(sealed.length() - 1);
        String flipped = sealed.substring(0, sealed.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> cipher.open(flipped, SecretRepository.associatedData("t", "alice", p)))
                .isInstanceOf(SecretUnreadableException.class);
        SecretCipher other = new SecretCipher(KeyringLoader.parse(KEY_B, null), new SecureRandom());
        assertThatThrownBy(() -> other.open(sealed, SecretRepository.associatedData("t", "alice", p)))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("not in the keyring");
    }

    @Test
    void loadOrCreateWhenNoFileThenCreatesOwnerOnlyKeyAndReusesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data").resolve("secret.key");

        DemoKeyFile.DemoKey created = DemoKeyFile.loadOrCreate(file, new SecureRandom());
        DemoKeyFile.DemoKey loaded = DemoKeyFile.loadOrCreate(file, new SecureRandom());

        assertThat(created.warning()).contains("Created").contains("GATEHOUSE_SECRET_KEY");
        assertThat(loaded.warning()).contains("Using");
        assertThat(loaded.keyring().currentId()).isEqualTo(created.keyring().currentId());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void keysWhenOneUserThenAllShareOneHashTagAndEscapeLayoutCharacters() {
        RedisKeys keys = new RedisKeys("gh:");
        String user = "{evil}:user";
        String tag = "{user:"
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(user.getBytes(StandardCharsets.UTF_8))
                + "}";

        assertThat(keys.secret(user)).isEqualTo("gh:" + tag + ":secret");
        assertThat(java.util.List.of(keys.lastStep(user), keys.lockout(user), keys.recoveryCodes(user)))
                .allSatisfy(k -> assertThat(k).startsWith("gh:" + tag + ":"));
        assertThat(keys.userOfSecretKey(keys.secret(user))).contains(user);
        assertThat(keys.clientFailures("2001:db8::1")).startsWith("gh:{client:").doesNotContain("2001:db8");
        assertThat(new RedisKeys("a*[b]:").secretScanPattern()).isEqualTo("a\\*\\[b\\]:{user:*}:secret");
        assertThatThrownBy(() -> keys.secret("")).isInstanceOf(IllegalArgumentException.class);
    }
}
