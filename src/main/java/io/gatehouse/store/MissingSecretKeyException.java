package io.gatehouse.store;

/** No encryption key is configured, so stored secrets could be neither written nor read; Gatehouse must not start. */
public final class MissingSecretKeyException extends RuntimeException {

    MissingSecretKeyException(String message) {
        super(message);
    }
}
