package io.gatehouse.web;

/** Gatehouse's own pages and endpoints under its reserved prefix, where nothing is ever forwarded upstream. */
public final class GatehousePaths {

    /** Gatehouse's own pages, assets and endpoints. */
    public static final String PREFIX = "/_gatehouse/";

    /** The passcode page every login of an enrolled user passes. */
    public static final String CHALLENGE = PREFIX + "challenge";

    /** Signing in with a recovery code instead of a passcode. */
    public static final String RECOVERY = PREFIX + "recovery";

    /** The enrollment page: QR code, key and first token. */
    public static final String ENROLL = PREFIX + "enroll";

    /** Enrollment's emailed-code step. */
    public static final String ENROLL_EMAIL_CODE = ENROLL + "/email-code";

    /** A new emailed code during enrollment. */
    public static final String ENROLL_EMAIL_CODE_RESEND = ENROLL_EMAIL_CODE + "/resend";

    /** The recovery codes, shown once. */
    public static final String RECOVERY_CODES = PREFIX + "recovery-codes";

    /** The same recovery codes as a file. */
    public static final String RECOVERY_CODES_TXT = RECOVERY_CODES + ".txt";

    /** A signed-in user's own account page. */
    public static final String ACCOUNT = PREFIX + "account";

    /** The admin console. */
    public static final String ADMIN = PREFIX + "admin";

    /** Where a front proxy asks about a request it describes in headers (forward-auth mode). */
    public static final String VERIFY = PREFIX + "verify";

    /** Gatehouse's stylesheets and scripts ({@code assets/<name>}). */
    public static final String ASSETS = PREFIX + "assets/";

    /** The name of Gatehouse's own session cookie, chosen not to collide with an upstream's {@code SESSION}. */
    public static final String SESSION_COOKIE = "gatehouse_session";

    /** Its name over TLS: the {@code __Host-} prefix makes browsers refuse it unless Secure, host-only and path /. */
    public static final String SECURE_SESSION_COOKIE = "__Host-" + SESSION_COOKIE;

    /** The remembered-browser token over plain HTTP. */
    public static final String DEVICE_COOKIE = "gatehouse_device";

    /** The same over TLS: the {@code __Host-} prefix makes browsers insist on Secure, Path=/ and no Domain. */
    public static final String DEVICE_COOKIE_TLS = "__Host-gatehouse_device";

    private GatehousePaths() {}

    /** Whether a decoded request path belongs to Gatehouse rather than the upstream. */
    public static boolean isReserved(String path) {
        return path.startsWith(PREFIX) || path.equals(PREFIX.substring(0, PREFIX.length() - 1));
    }
}
