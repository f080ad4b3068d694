package io.gatehouse.session;

import io.gatehouse.web.CsrfRejectedException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Guards every Gatehouse form: a random token per session in a hidden field, compared in constant time,
 * and, when the browser says where the form came from ({@code Origin}, else {@code Referer}), that place
 * must be this site.
 */
public final class CsrfProtection {

    /** The hidden field's name. */
    public static final String FIELD = "_csrf";

    private static final int TOKEN_BYTES = 32;

    private final SecureRandom random;

    public CsrfProtection(SecureRandom random) {
        this.random = random;
    }

    /** The session's token, made on first use. */
    public String token(GatehouseSession session) {
        return session.csrfToken().orElseGet(() -> {
            byte[] bytes = new byte[TOKEN_BYTES];
            random.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.csrfToken(token);
            return token;
        });
    }

    /** The submitted form once it passed both checks; a {@link CsrfRejectedException} otherwise, nothing read further. */
    public Mono<MultiValueMap<String, String>> checkedForm(ServerRequest request, GatehouseSession session) {
        if (!originAllowed(request.exchange().getRequest())) {
            return Mono.error(new CsrfRejectedException("foreign Origin or Referer"));
        }
        return request.formData().flatMap(form -> {
            String expected = session.csrfToken().orElse(null);
            if (!tokensMatch(expected, form.getFirst(FIELD))) {
                return Mono.error(
                        new CsrfRejectedException(expected == null ? "no token in session" : "token mismatch"));
            }
            return Mono.just(form);
        });
    }

    /** Constant-time comparison; a missing token on either side never matches. */
    public static boolean tokensMatch(String expected, String presented) {
        if (expected == null || presented == null || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code Origin}, when present, must be the request's own origin (the literal {@code null} never is); when
     * it is absent a {@code Referer} must be same-origin; with neither, the token alone decides.
     */
    public static boolean originAllowed(ServerHttpRequest request) {
        String own = origin(request.getURI());
        HttpHeaders headers = request.getHeaders();
        String origin = headers.getFirst(HttpHeaders.ORIGIN);
        if (origin != null) {
            return own != null && own.equals(parseOrigin(origin));
        }
        String referer = headers.getFirst(HttpHeaders.REFERER);
        if (referer != null) {
            return own != null && own.equals(parseOrigin(referer));
        }
        return true;
    }

    /** {@code scheme://host[:port]} in lower case with the default port left out, or null when not an http(s) URL. */
    static String parseOrigin(String value) {
        try {
            return origin(new URI(value.trim()));
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null) {
            return null;
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null;
        }
        if (port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443) {
            return scheme + "://" + host.toLowerCase(Locale.ROOT);
        }
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
