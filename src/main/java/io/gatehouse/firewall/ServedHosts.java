package io.gatehouse.firewall;

import java.util.List;
import java.util.Locale;

/**
 * The host names Gatehouse answers for ({@code gatehouse.server.hosts}): exact names and {@code *.domain} patterns
 * (any subdomain), compared without port and ignoring case. Empty means unrestricted.
 */
public final class ServedHosts {

    private final String[] names;
    private final String[] suffixes;

    /** {@code hosts}: validated names or {@code *.domain} patterns. */
    public ServedHosts(List<String> hosts) {
        List<String> lower =
                hosts.stream().map(host -> host.toLowerCase(Locale.ROOT)).toList();
        this.names = lower.stream().filter(host -> !host.startsWith("*.")).toArray(String[]::new);
        this.suffixes = lower.stream()
                .filter(host -> host.startsWith("*."))
                .map(host -> host.substring(1))
                .toArray(String[]::new);
    }

    /** Whether only listed hosts are answered. */
    public boolean restricted() {
        return names.length > 0 || suffixes.length > 0;
    }

    /** Whether {@code hostAndPort} (a {@code Host} or {@code X-Forwarded-Host} value) names a listed host. */
    public boolean serves(String hostAndPort) {
        if (hostAndPort == null) {
            return false;
        }
        return matches(withoutPort(hostAndPort.trim()).toLowerCase(Locale.ROOT));
    }

    /** Whether {@code host} (lower case, without port) is a listed name or a subdomain of a listed pattern. */
    public boolean matches(String host) {
        for (String name : names) {
            if (name.equals(host)) {
                return true;
            }
        }
        for (String suffix : suffixes) {
            if (host.length() > suffix.length() && host.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** {@code host} without its {@code :port}; an IPv6 literal keeps its brackets. */
    public static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
