package io.gatehouse.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The protected application Gatehouse forwards to ({@code gatehouse.upstream.*}).
 *
 * @param url the upstream's origin, e.g. {@code http://127.0.0.1:8081}
 * @param preserveHost send the browser's {@code Host} header upstream instead of the upstream's own
 * @param connectTimeout how long to wait for a TCP connection to the upstream
 * @param responseTimeout how long to wait for the upstream's response headers
 */
public record UpstreamProperties(
        URI url,
        @DefaultValue("false") boolean preserveHost,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("60s") Duration responseTimeout) {

    void validate(ConfigErrors errors) {
        String key = "gatehouse.upstream.url";
        if (url == null) {
            errors.missing(key, "the absolute http(s) URL of the application to protect, e.g. http://127.0.0.1:8081");
        } else if (!url.isAbsolute() || url.getHost() == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            errors.reject(key, url, "must be an absolute http(s) URL");
        } else if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !"/".equals(url.getRawPath())
                || url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            errors.reject(key, url, "must be an origin only (scheme, host and port, no path, query or credentials)");
        }
        errors.requirePositive("gatehouse.upstream.connect-timeout", connectTimeout);
        errors.requirePositive("gatehouse.upstream.response-timeout", responseTimeout);
    }

    /** The upstream origin without a trailing slash, e.g. {@code http://127.0.0.1:8081}. */
    public String origin() {
        int port = url.getPort();
        return url.getScheme().toLowerCase() + "://" + url.getHost() + (port == -1 ? "" : ":" + port);
    }
}
