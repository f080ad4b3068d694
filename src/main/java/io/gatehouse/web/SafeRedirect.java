package io.gatehouse.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The one validator every redirect and return target goes through (the page handlers' redirects, the return target
 * read from an upstream's login answer): only a path on this site, so that no stored or submitted value can send a
 * browser to another origin after it passed the second factor.
 */
public final class SafeRedirect {

    /** Where to go when a target is refused. */
    public static final String FALLBACK = "/";

    private static final int MAX_LENGTH = 2048;

    /** The only pages under Gatehouse's prefix a browser is sent to: the steps of a sign-in and the two consoles. */
    private static final Set<String> GATEHOUSE_TARGETS = Set.of(
            GatehousePaths.CHALLENGE,
            GatehousePaths.ENROLL,
            GatehousePaths.RECOVERY_CODES,
            GatehousePaths.ACCOUNT,
            GatehousePaths.ADMIN);

    /** Slashes that no Unicode normalisation turns into {@code /} or {@code \}, but that read as one. */
    private static final String SLASH_LOOK_ALIKES = "\u2044\u2215\u2571\u2572\u29F5\u29F8\u29F9";

    private SafeRedirect() {}

    /**
     * {@code candidate} when it is a same-origin relative path, otherwise {@link #FALLBACK}. Refused: anything not
     * starting with one {@code /}; a backslash, control, whitespace or non-ASCII character anywhere; more than 2048
     * characters; in the path (before {@code ?} or {@code #}) {@code //}, an encoded {@code /}, {@code \}, {@code %}
     * or control character, a malformed escape, and encoded non-ASCII that is not UTF-8, folds to ASCII or looks like
     * a slash (the firewall refuses all of these in a request, so no page a browser may visit has one); and
     * Gatehouse's own prefix except the pages in {@link #GATEHOUSE_TARGETS}.
     */
    public static String target(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH || candidate.charAt(0) != '/') {
            return FALLBACK;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return FALLBACK;
            }
        }
        String path = pathOf(candidate);
        if (path.contains("//") || !isPlainPath(path) || !mayTarget(path)) {
            return FALLBACK;
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

    private static String pathOf(String target) {
        int end = target.length();
        int query = target.indexOf('?');
        int fragment = target.indexOf('#');
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        return target.substring(0, end);
    }

    /** Whether every escape in {@code path} is well formed and decodes to neither a separator nor a control. */
    private static boolean isPlainPath(String path) {
        int i = path.indexOf('%');
        while (i >= 0) {
            int b = escapedByte(path, i);
            if (b < 0 || b == '/' || b == '\\' || b == '%' || b < 0x20 || b == 0x7f) {
                return false;
            }
            if (b < 0x80) {
                i = path.indexOf('%', i + 3);
                continue;
            }
            int end = i;
            ByteBuffer bytes = ByteBuffer.allocate(path.length() / 3 + 1);
            while (end < path.length() && path.charAt(end) == '%' && escapedByte(path, end) >= 0x80) {
                bytes.put((byte) escapedByte(path, end));
                end += 3;
            }
            if (!isPlainText(bytes.flip())) {
                return false;
            }
            i = path.indexOf('%', end);
        }
        return true;
    }

    /** Valid UTF-8 with no character that folds to ASCII, reads as a slash, or is an invisible control. */
    private static boolean isPlainText(ByteBuffer utf8) {
        CharBuffer text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(utf8);
        } catch (CharacterCodingException e) {
            return false;
        }
        return text.codePoints()
                .allMatch(c -> c >= 0x80
                        && SLASH_LOOK_ALIKES.indexOf(c) < 0
                        && Character.getType(c) != Character.CONTROL
                        && Character.getType(c) != Character.FORMAT
                        && Normalizer.normalize(Character.toString(c), Normalizer.Form.NFKC)
                                .chars()
                                .allMatch(f -> f >= 0x80));
    }

    private static int escapedByte(String path, int i) {
        if (i + 2 >= path.length()) {
            return -1;
        }
        int high = Character.digit(path.charAt(i + 1), 16);
        int low = Character.digit(path.charAt(i + 2), 16);
        return high < 0 || low < 0 ? -1 : high << 4 | low;
    }

    /** Outside Gatehouse's prefix (in any letter case), or one of the pages a browser is sent to there. */
    private static boolean mayTarget(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        String prefix = GatehousePaths.PREFIX.substring(0, GatehousePaths.PREFIX.length() - 1);
        if (!lower.equals(prefix) && !lower.startsWith(GatehousePaths.PREFIX)) {
            return true;
        }
        return GATEHOUSE_TARGETS.contains(path);
    }
}
