package io.gatehouse.upstream;

/** Exchange attributes shared by the enforcement filter, the response observer and the header filter. */
public final class UpstreamAttributes {

    /** The username typed into the upstream's login form ({@code String}), on a login request only. */
    public static final String LOGIN_USERNAME = UpstreamAttributes.class.getName() + ".loginUsername";

    /** The session cookies the browser presented and Gatehouse let through ({@code Map<String, List<String>>}). */
    public static final String PRESENTED_COOKIES = UpstreamAttributes.class.getName() + ".presentedCookies";

    /** The login endpoint the request is for ({@link UpstreamLogins.Login}), on login requests only. */
    public static final String LOGIN = UpstreamAttributes.class.getName() + ".login";

    /**
     * Whether the upstream session cookies the request carries were released to its Gatehouse session
     * ({@code Boolean}); absent where the request was not judged (bypass routes without a session).
     */
    public static final String COOKIES_RELEASED_HERE = UpstreamAttributes.class.getName() + ".cookiesReleasedHere";

    /**
     * Whether the request's body was read and found to carry credentials ({@code Boolean}); absent where the body was
     * not read.
     */
    public static final String CREDENTIALS_CARRIED = UpstreamAttributes.class.getName() + ".credentialsCarried";

    /** Identity headers for the upstream ({@code Map<String, String>}), when configured. */
    public static final String IDENTITY_HEADERS = UpstreamAttributes.class.getName() + ".identityHeaders";

    /** Present when the request is one a front proxy described to {@code /_gatehouse/verify} (forward-auth mode). */
    public static final String FORWARD_AUTH = UpstreamAttributes.class.getName() + ".forwardAuth";

    private UpstreamAttributes() {
    }
}
