package io.gatehouse.store;

/**
 * A stored ciphertext could not be decrypted: it belongs to another user, was altered, or was sealed
 * with a key that is no longer in the keyring.
 */
public final class SecretUnreadableException extends RuntimeException {

    SecretUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
