package io.gatehouse.store;

/** The configured Redis could not be reached at start. */
public final class RedisUnreachableException extends RuntimeException {

    private final String target;

    public RedisUnreachableException(String target, Throwable cause) {
        super("Cannot reach Redis at " + target + ": " + rootMessage(cause), cause);
        this.target = target;
    }

    public String target() {
        return target;
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
