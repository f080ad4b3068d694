package io.gatehouse.support;

/** Stops what a test started, in the order given, each even when an earlier one fails to stop. */
public final class Closeables {

    private Closeables() {}

    /** Closes every non-null resource; the first failure is thrown after all were tried. */
    public static void closeAll(AutoCloseable... resources) {
        IllegalStateException failure = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not stop " + resource, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
