package io.gatehouse.enforcement;

import io.gatehouse.config.FrontProxy;
import java.util.List;
import org.springframework.http.HttpHeaders;

/**
 * Reads the request a front proxy asks {@code /_gatehouse/verify} about from the one header family that proxy
 * sets ({@code gatehouse.forward-auth.proxy}), and refuses a verify call that also carries the other family:
 * Traefik and Caddy copy a client's own headers to the verify call, nginx does the same for any header its
 * configuration does not set, so a header of the other family can only be the client's word.
 *
 * <p>nginx ({@code auth_request}): {@code X-Original-URI}, {@code X-Original-Method} and {@code Host} (the example
 * sets {@code Host $http_host} and no {@code X-Forwarded-Host}). Traefik and Caddy: {@code X-Forwarded-Uri},
 * {@code X-Forwarded-Method} and {@code X-Forwarded-Host} (or {@code Host} where it is missing), which both set
 * themselves over whatever the client sent.
 */
final class OriginalRequestHeaders {

    static final String ORIGINAL_URI = "X-Original-URI";
    static final String ORIGINAL_METHOD = "X-Original-Method";
    static final String FORWARDED_URI = "X-Forwarded-Uri";
    static final String FORWARDED_METHOD = "X-Forwarded-Method";
    static final String FORWARDED_HOST = "X-Forwarded-Host";

    private static final List<String> NGINX_FAMILY = List.of(ORIGINAL_URI, ORIGINAL_METHOD);
    private static final List<String> FORWARDED_FAMILY = List.of(FORWARDED_URI, FORWARDED_METHOD, FORWARDED_HOST);

    /** The original request as named, or why the verify call is refused ({@code refusal} set, the rest null). */
    record Reading(String target, String method, String host, String refusal) {

        static Reading refused(String refusal) {
            return new Reading(null, null, null, refusal);
        }
    }

    private final FrontProxy proxy;

    OriginalRequestHeaders(FrontProxy proxy) {
        this.proxy = proxy;
    }

    Reading read(HttpHeaders headers) {
        boolean nginx = proxy == FrontProxy.NGINX;
        for (String foreign : nginx ? FORWARDED_FAMILY : NGINX_FAMILY) {
            if (headers.containsHeader(foreign)) {
                return Reading.refused(foreign + " is not a header "
                        + proxy.name().toLowerCase() + " sets (gatehouse.forward-auth.proxy), so a client sent it");
            }
        }
        List<String> names = nginx
                ? List.of(ORIGINAL_URI, ORIGINAL_METHOD, HttpHeaders.HOST)
                : List.of(
                        FORWARDED_URI,
                        FORWARDED_METHOD,
                        headers.containsHeader(FORWARDED_HOST) ? FORWARDED_HOST : HttpHeaders.HOST);
        String[] values = new String[names.size()];
        for (int i = 0; i < values.length; i++) {
            List<String> all = headers.getOrEmpty(names.get(i));
            if (all.size() > 1) {
                return Reading.refused(names.get(i) + " is repeated");
            }
            values[i] = all.isEmpty() || all.get(0).isEmpty() ? null : all.get(0);
        }
        if (values[0] == null || values[1] == null) {
            return Reading.refused("no request named (" + names.get(0) + " and " + names.get(1) + " are required)");
        }
        return new Reading(values[0], values[1], values[2], null);
    }
}
