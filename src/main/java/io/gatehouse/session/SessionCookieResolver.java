package io.gatehouse.session;

import io.gatehouse.web.GatehousePaths;
import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * Gatehouse's own session cookie: HttpOnly, SameSite=Lax, path {@code /}. Over TLS it is
 * {@code __Host-gatehouse_session} and Secure, so no sibling subdomain and no plain-HTTP page can plant or
 * overwrite it (session fixation); over plain HTTP it keeps the plain name. A request over TLS reads only the
 * {@code __Host-} cookie.
 */
public final class SessionCookieResolver implements WebSessionIdResolver {

    private final CookieWebSessionIdResolver plain = resolver(GatehousePaths.SESSION_COOKIE, false);
    private final CookieWebSessionIdResolver secure = resolver(GatehousePaths.SECURE_SESSION_COOKIE, true);

    private static CookieWebSessionIdResolver resolver(String name, boolean secure) {
        CookieWebSessionIdResolver resolver = new CookieWebSessionIdResolver();
        resolver.setCookieName(name);
        resolver.addCookieInitializer(
                cookie -> cookie.httpOnly(true).sameSite("Lax").path("/").secure(secure));
        return resolver;
    }

    private WebSessionIdResolver forExchange(ServerWebExchange exchange) {
        return exchange.getRequest().getSslInfo() != null ? secure : plain;
    }

    /** The name of the session cookie this request is read from. */
    public static String cookieName(ServerHttpRequest request) {
        return request.getSslInfo() != null ? GatehousePaths.SECURE_SESSION_COOKIE : GatehousePaths.SESSION_COOKIE;
    }

    @Override
    public List<String> resolveSessionIds(ServerWebExchange exchange) {
        return forExchange(exchange).resolveSessionIds(exchange);
    }

    @Override
    public void setSessionId(ServerWebExchange exchange, String sessionId) {
        forExchange(exchange).setSessionId(exchange, sessionId);
    }

    @Override
    public void expireSession(ServerWebExchange exchange) {
        forExchange(exchange).expireSession(exchange);
    }
}
