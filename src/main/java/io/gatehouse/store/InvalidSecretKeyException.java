package io.gatehouse.store;

/** A configured encryption key is malformed; the message names the variable but never the key material. */
public final class InvalidSecretKeyException extends RuntimeException {

    InvalidSecretKeyException(String message) {
        super(message);
    }
}
