package io.gatehouse.store;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a random 96-bit nonce per write; the output is {@code keyId:base64url(nonce|ciphertext|tag)}
 * so that any key in the keyring can be found to decrypt it.
 */
final class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeyring keyring;
    private final SecureRandom random;

    SecretCipher(SecretKeyring keyring, SecureRandom random) {
        this.keyring = keyring;
        this.random = random;
    }

    String seal(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keyring.current(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return keyring.currentId() + ":"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    byte[] open(String sealed, byte[] associatedData) {
        int colon = sealed.indexOf(':');
        if (colon < 0) {
            throw new SecretUnreadableException("ciphertext has no key id", null);
        }
        SecretKey key = keyring.key(sealed.substring(0, colon))
                .orElseThrow(() -> new SecretUnreadableException(
                        "ciphertext was sealed with key id '" + sealed.substring(0, colon)
                                + "', which is not in the keyring",
                        null));
        try {
            byte[] in = Base64.getUrlDecoder().decode(sealed.substring(colon + 1));
            if (in.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new SecretUnreadableException("ciphertext too short", null);
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new SecretUnreadableException("ciphertext does not decrypt: altered, or stored for another user", e);
        }
    }

    static String keyIdOf(String sealed) {
        int colon = sealed.indexOf(':');
        return colon < 0 ? "" : sealed.substring(0, colon);
    }
}
