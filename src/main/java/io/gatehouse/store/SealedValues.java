package io.gatehouse.store;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Encrypts short values that must sit in Redis but never in clear text there (the upstream session cookies
 * Gatehouse holds back, say), bound to a purpose and a subject so a value cannot be moved to another use
 * or another user's session.
 */
public final class SealedValues {

    private final SecretCipher cipher;

    public SealedValues(SecretKeyring keyring, SecureRandom random) {
        this.cipher = new SecretCipher(keyring, random);
    }

    public String seal(String purpose, String subject, String plaintext) {
        return cipher.seal(plaintext.getBytes(StandardCharsets.UTF_8), associatedData(purpose, subject));
    }

    /** The value sealed for this purpose and subject; {@link SecretUnreadableException} for anything else. */
    public String open(String purpose, String subject, String sealed) {
        return new String(cipher.open(sealed, associatedData(purpose, subject)), StandardCharsets.UTF_8);
    }

    private static byte[] associatedData(String purpose, String subject) {
        return (purpose + '\0' + subject).getBytes(StandardCharsets.UTF_8);
    }
}
