package io.gatehouse.config;

import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gatehouse.server.*}: what the public server answers for.
 *
 * @param hosts the host names Gatehouse answers for ({@code app.example.org}, {@code *.example.org} for any
 *     subdomain, without port); a request naming another host gets 421 before the policy runs. Empty (default):
 *     any host is answered, and no policy rule may have {@code hosts:} (a client chooses its {@code Host} header)
 */
public record ServerProperties(@DefaultValue List<String> hosts) {

    public ServerProperties {
        // List.copyOf refuses null elements, which a YAML list with an empty item produces; keep them for validate.
        hosts = hosts == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(hosts));
    }

    public static ServerProperties defaults() {
        return new ServerProperties(List.of());
    }

    void validate(ConfigErrors errors) {
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            if (host == null || !RuleProperties.HOST_PATTERN.matcher(host).matches()) {
                errors.reject(
                        "gatehouse.server.hosts[" + i + "]",
                        host,
                        "must be a host name without port, or '*.' and a domain");
            }
        }
    }
}
