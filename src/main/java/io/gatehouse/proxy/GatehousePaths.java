package io.gatehouse.proxy;

/** The reserved prefix under which Gatehouse serves its own pages; nothing under it is ever forwarded. */
public final class GatehousePaths {

    /** Gatehouse's own pages, assets and endpoints. */
    public static final String PREFIX = "/_gatehouse/";

    /** The name of Gatehouse's own session cookie, chosen not to collide with an upstream's {@code SESSION}. */
    public static final String SESSION_COOKIE = "gatehouse_session";

    /** Its name over TLS: the {@code __Host-} prefix makes browsers refuse it unless Secure, host-only and path /. */
    public static final String SECURE_SESSION_COOKIE = "__Host-" + SESSION_COOKIE;

    /** The remembered-browser token over plain HTTP. */
    public static final String DEVICE_COOKIE = "gatehouse_device";

    /** The same over TLS: the {@code __Host-} prefix makes browsers insist on Secure, Path=/ and no Domain. */
    public static final String DEVICE_COOKIE_TLS = "__Host-gatehouse_device";

    private GatehousePaths() {
    }

    /** Whether a decoded request path belongs to Gatehouse rather than the upstream. */
    public static boolean isReserved(String path) {
        return path.startsWith(PREFIX) || path.equals(PREFIX.substring(0, PREFIX.length() - 1));
    }
}
