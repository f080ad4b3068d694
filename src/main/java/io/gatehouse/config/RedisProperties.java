package io.gatehouse.config;

import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Gatehouse keeps secrets and sessions ({@code gatehouse.redis.*}): an external Redis, or the
 * embedded {@code redis-server} for the demo and small single-node setups.
 *
 * @param url {@code redis://[user:password@]host:port[/db]} or {@code rediss://…} for TLS
 * @param password overrides the URL's password; best given as {@code GATEHOUSE_REDIS_PASSWORD}
 * @param embedded start the bundled {@code redis-server} on a free loopback port instead
 * @param dataDir the embedded server's data directory (append-only file on)
 * @param keyPrefix the prefix of every key Gatehouse writes
 * @param timeout how long one Redis command may take before Gatehouse treats Redis as unavailable
 */
public record RedisProperties(
        String url,
        String password,
        @DefaultValue("false") boolean embedded,
        @DefaultValue("./data/redis") Path dataDir,
        @DefaultValue("gatehouse:") String keyPrefix,
        @DefaultValue("2s") Duration timeout) {

    void validate(ConfigErrors errors) {
        boolean hasUrl = url != null && !url.isBlank();
        if (hasUrl && embedded) {
            errors.conflict("gatehouse.redis.url and gatehouse.redis.embedded: true are both set; choose one");
        } else if (!hasUrl && !embedded) {
            errors.missing("gatehouse.redis.url",
                    "a redis:// or rediss:// URL, or set gatehouse.redis.embedded: true");
        }
        if (hasUrl) {
            if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
                errors.reject("gatehouse.redis.url", redactedUrl(), "must start with redis:// or rediss://");
            } else {
                try {
                    RedisURI.create(url);
                } catch (IllegalArgumentException e) {
                    errors.reject("gatehouse.redis.url", redactedUrl(), "must be a valid Redis URL (" + e.getMessage() + ")");
                }
            }
        }
        if (keyPrefix != null && (keyPrefix.isEmpty() || keyPrefix.chars().anyMatch(c -> c <= ' ' || c == '{' || c == '}'))) {
            errors.reject("gatehouse.redis.key-prefix", keyPrefix,
                    "must be non-empty, without spaces, control characters or braces");
        }
        errors.requirePositive("gatehouse.redis.timeout", timeout);
    }

    /** The URL with any password replaced, safe for logs and messages. */
    public String redactedUrl() {
        if (url == null) {
            return "embedded";
        }
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)([^@/]*)@", "$1***@");
    }

    @Override
    public String toString() {
        return "RedisProperties[url=" + redactedUrl() + ", password=" + (password == null ? "none" : "***")
                + ", embedded=" + embedded + ", dataDir=" + dataDir + ", keyPrefix=" + keyPrefix
                + ", timeout=" + timeout + "]";
    }
}
