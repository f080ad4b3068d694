package io.gatehouse.cookies;

import io.gatehouse.web.GatehousePaths;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The remembered-browser cookie: {@code __Host-gatehouse_device} over TLS (browsers then insist on Secure, Path=/
 * and no Domain), {@code gatehouse_device} over plain HTTP; HttpOnly, SameSite=Lax. It is never sent upstream.
 */
public final class RememberedBrowserCookie {

    private RememberedBrowserCookie() {}

    /** The token the browser presents, if any. */
    public static Optional<String> in(ServerHttpRequest request) {
        HttpCookie cookie = request.getCookies().getFirst(name(request));
        return cookie == null || cookie.getValue().isEmpty() ? Optional.empty() : Optional.of(cookie.getValue());
    }

    /** The cookie carrying {@code token} for {@code maxAge}. */
    public static ResponseCookie of(ServerHttpRequest request, String token, Duration maxAge) {
        return ResponseCookie.from(name(request), token)
                .httpOnly(true)
                .secure(isTls(request))
                .sameSite("Lax")
                .path("/")
                .maxAge(maxAge)
                .build();
    }

    /** Tells the browser to forget a token that is no longer valid. */
    public static ResponseCookie expired(ServerHttpRequest request) {
        return of(request, "", Duration.ZERO);
    }

    private static String name(ServerHttpRequest request) {
        return isTls(request) ? GatehousePaths.DEVICE_COOKIE_TLS : GatehousePaths.DEVICE_COOKIE;
    }

    private static boolean isTls(ServerHttpRequest request) {
        return "https".equals(request.getURI().getScheme());
    }
}
