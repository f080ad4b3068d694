package io.gatehouse.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The one validator every redirect target goes through: only a path on this site, so that no stored or
 * submitted value can send a browser to another origin after it passed the second factor.
 */
public final class SafeRedirect {

    /** Where to go when a target is refused. */
    public static final String FALLBACK = "/";

    private static final int MAX_LENGTH = 2048;

    private SafeRedirect() {
    }

    /**
     * {@code candidate} when it is a same-origin relative path: one leading {@code /}, not {@code //} or
     * {@code /\} (browsers read both as another host), no backslash anywhere, no control, whitespace or
     * non-ASCII characters; otherwise {@link #FALLBACK}.
     */
    public static String target(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH
                || candidate.charAt(0) != '/') {
            return FALLBACK;
        }
        if (candidate.length() > 1 && (candidate.charAt(1) == '/' || candidate.charAt(1) == '\\')) {
            return FALLBACK;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return FALLBACK;
            }
        }
        return candidate;
    }

    /** A 303 to {@code candidate} once validated, never cached. */
    public static Mono<ServerResponse> seeOther(String candidate) {
        return ServerResponse.status(HttpStatus.SEE_OTHER)
                .header(HttpHeaders.LOCATION, target(candidate))
                .headers(PageRenderer::securityHeaders)
                .build();
    }
}
