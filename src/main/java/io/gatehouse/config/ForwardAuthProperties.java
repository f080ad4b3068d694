package io.gatehouse.config;

import io.netty.util.NetUtil;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gatehouse.forward-auth.*}: the {@code /_gatehouse/verify} endpoint that a front proxy (nginx
 * {@code auth_request}, Traefik ForwardAuth, Caddy {@code forward_auth}) asks about each request.
 *
 * @param enabled whether the endpoint answers at all (off: 404), because it trusts headers naming the original request
 * @param trustedAddresses the front proxies' addresses ({@code 127.0.0.1}, {@code 10.0.0.0/8}, {@code ::1});
 *     a verify request from anywhere else is answered 404
 * @param redirect whether a browser navigation that needs a Gatehouse page gets 302 to it (Traefik, Caddy) instead of
 *     401 with a {@code Location} header (nginx, which maps the 401 to a redirect itself); {@code ?mode=redirect} on
 *     the verify URL asks for the same per front proxy
 * @param proxy which front proxy asks: {@code nginx}, {@code traefik} or {@code caddy}; required when enabled, because
 *     it decides the one header family the original request is read from (a verify call that also carries the
 *     other family is refused)
 */
public record ForwardAuthProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue({"127.0.0.0/8", "::1"}) List<String> trustedAddresses,
        @DefaultValue("false") boolean redirect,
        FrontProxy proxy) {

    public ForwardAuthProperties {
        trustedAddresses = trustedAddresses == null ? List.of() : List.copyOf(trustedAddresses);
    }

    public static ForwardAuthProperties defaults() {
        return new ForwardAuthProperties(false, List.of("127.0.0.0/8", "::1"), false, null);
    }

    void validate(ConfigErrors errors) {
        for (int i = 0; i < trustedAddresses.size(); i++) {
            String entry = trustedAddresses.get(i);
            if (!isAddressOrNetwork(entry)) {
                errors.reject(
                        "gatehouse.forward-auth.trusted-addresses[" + i + "]",
                        entry,
                        "must be an IP address or a network such as 10.0.0.0/8 (no host names)");
            }
        }
        if (enabled && trustedAddresses.isEmpty()) {
            errors.missing(
                    "gatehouse.forward-auth.trusted-addresses",
                    "at least one address when gatehouse.forward-auth.enabled is true");
        }
        if (enabled && proxy == null) {
            errors.missing(
                    "gatehouse.forward-auth.proxy",
                    "nginx, traefik or caddy when gatehouse.forward-auth.enabled"
                            + " is true (it decides which headers name the original request)");
        }
    }

    /** An IPv4 or IPv6 literal, optionally with a prefix length that fits it; never a name (no DNS at start). */
    static boolean isAddressOrNetwork(String entry) {
        if (entry == null || entry.isBlank()) {
            return false;
        }
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        String prefix = entry.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return Integer.parseInt(prefix) <= bytes.length * 8;
    }
}
