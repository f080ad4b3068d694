package io.gatehouse.web;

/**
 * The names of every exchange attribute Gatehouse sets, in one place, the way Spring Cloud Gateway keeps its own in
 * {@code ServerWebExchangeUtils}; the value type of each is named in its comment.
 */
public final class ExchangeAttributes {

    private static final String PREFIX = ExchangeAttributes.class.getName() + ".";

    /** The decoded canonical path ({@code String}) of a request the firewall accepted; policy matching uses it. */
    public static final String CANONICAL_PATH = PREFIX + "canonicalPath";

    /**
     * The host ({@code String}, as sent, possibly with port) of a request that named a host in
     * {@code gatehouse.server.hosts}; absent when no hosts are listed. Policy {@code hosts:} conditions read it.
     */
    public static final String HOST = PREFIX + "host";

    /** The client's address, resolved on first use ({@code ClientAddress.Deferred}). */
    public static final String CLIENT_ADDRESS = PREFIX + "clientAddress";

    /** The policy that applies to the exchange ({@code policy.ResolvedPolicy}). */
    public static final String RESOLVED_POLICY = PREFIX + "resolvedPolicy";

    /** The username typed into the upstream's login form ({@code String}), on a login request only. */
    public static final String LOGIN_USERNAME = PREFIX + "loginUsername";

    /** The login endpoint the request is for ({@code login.UpstreamLogins.Login}), on login requests only. */
    public static final String LOGIN = PREFIX + "login";

    /** The session cookies the browser presented and Gatehouse let through ({@code Map<String, List<String>>}). */
    public static final String PRESENTED_COOKIES = PREFIX + "presentedCookies";

    /**
     * Whether the upstream session cookies the request carries were released to its Gatehouse session
     * ({@code Boolean}); absent where the request was not judged (bypass routes without a session).
     */
    public static final String COOKIES_RELEASED_HERE = PREFIX + "cookiesReleasedHere";

    /**
     * Whether the request's body was read and found to carry credentials ({@code Boolean}); absent where the body was
     * not read.
     */
    public static final String CREDENTIALS_CARRIED = PREFIX + "credentialsCarried";

    /** Identity headers for the upstream ({@code Map<String, String>}), when configured. */
    public static final String IDENTITY_HEADERS = PREFIX + "identityHeaders";

    /** Present when the request is one a front proxy described to {@code /_gatehouse/verify} (forward-auth mode). */
    public static final String FORWARD_AUTH = PREFIX + "forwardAuth";

    /** What to insert into the upstream's HTML pages ({@code enforcement.HtmlInjection}), when anything. */
    public static final String HTML_INJECTION = PREFIX + "htmlInjection";

    /** The answer that replaces a withheld upstream response ({@code Mono<Void>}), once the response is judged. */
    public static final String RESPONSE_REPLACEMENT = PREFIX + "responseReplacement";

    private ExchangeAttributes() {}
}
