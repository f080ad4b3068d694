package io.gatehouse.proxy;

/** The reserved prefix under which Gatehouse serves its own pages; nothing under it is ever forwarded. */
public final class GatehousePaths {

    /** Gatehouse's own pages, assets and endpoints. */
    public static final String PREFIX = "/_gatehouse/";

    private GatehousePaths() {
    }

    /** Whether a decoded request path belongs to Gatehouse rather than the upstream. */
    public static boolean isReserved(String path) {
        return path.startsWith(PREFIX) || path.equals(PREFIX.substring(0, PREFIX.length() - 1));
    }
}
