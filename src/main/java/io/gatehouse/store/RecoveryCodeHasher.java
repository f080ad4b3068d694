package io.gatehouse.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.SecretKey;

/**
 * HMAC-SHA256 digests of recovery codes under a key derived from the encryption key, so that a Redis dump
 * alone cannot be brute-forced back to the 40-bit codes; the user id is hashed in, so sets cannot be swapped.
 */
final class RecoveryCodeHasher {

    private static final byte[] DERIVATION_LABEL =
            "gatehouse/recovery-code-hmac/v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeyring keyring;

    RecoveryCodeHasher(SecretKeyring keyring) {
        this.keyring = keyring;
    }

    /** The digest stored for a new code, under the current key. */
    String digest(String user, String canonicalCode) {
        return digest(keyring.current(), user, canonicalCode);
    }

    /**
     * The digest under every key in the keyring: codes issued before a key rotation stay usable while
     * the old key is still configured.
     */
    List<String> candidates(String user, String canonicalCode) {
        List<String> digests = new ArrayList<>();
        for (String id : keyring.ids()) {
            digests.add(digest(keyring.key(id).orElseThrow(), user, canonicalCode));
        }
        return digests;
    }

    private static String digest(SecretKey encryptionKey, String user, String canonicalCode) {
        // A separate HMAC key, derived from the encryption key, so one key never serves two purposes.
        byte[] hmacKey = Hmacs.of(encryptionKey.getEncoded(), DERIVATION_LABEL);
        return HexFormat.of().formatHex(Hmacs.ofUser(hmacKey, user, canonicalCode));
    }
}
