package io.gatehouse.store;

/** Redis could not be reached or failed; the caller must not treat this as a wrong code. */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(Throwable cause) {
        super("Two-factor store (Redis) unavailable: " + cause.getMessage(), cause);
    }
}
