package io.gatehouse.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The methods a request claims besides its own, through the method-override conventions that frameworks honour
 * (Rails, Laravel, Symfony, Express, Spring's {@code HiddenHttpMethodFilter}, OData). Gatehouse forwards these
 * untouched, so the policy must hold for the claimed methods as well as for the request line's.
 *
 * <p>A {@code _method} field inside a form body is not read (that would mean buffering every body); rules that
 * bypass only some methods should therefore not rely on the upstream ignoring it for {@code POST}.
 */
public final class MethodOverrides {

    /** The override headers, as the policy reads them (case-insensitively, never with {@code _}). */
    public static final List<String> HEADERS = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

    static final String QUERY_PARAMETER = "_method";

    private MethodOverrides() {}

    /** The other methods claimed, upper case, without duplicates and without the request's own. */
    public static List<String> claimedBy(ServerHttpRequest request) {
        List<String> claimed = new ArrayList<>(0);
        String own = request.getMethod().name();
        for (String header : HEADERS) {
            add(claimed, own, request.getHeaders().getOrEmpty(header));
        }
        add(claimed, own, request.getQueryParams().getOrDefault(QUERY_PARAMETER, List.of()));
        return claimed;
    }

    private static void add(List<String> claimed, String own, List<String> values) {
        for (String value : values) {
            // Some clients send a list ("DELETE, GET"); every element is a claim.
            for (String part : value.split(",")) {
                String method = part.trim().toUpperCase(Locale.ROOT);
                if (!method.isEmpty() && !method.equals(own) && !claimed.contains(method)) {
                    claimed.add(method);
                }
            }
        }
    }
}
