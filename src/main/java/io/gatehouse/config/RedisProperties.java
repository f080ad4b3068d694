package io.gatehouse.config;

import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Gatehouse keeps secrets and sessions ({@code gatehouse.redis.*}): one external Redis, a Sentinel-managed
 * master, a Redis Cluster, or the embedded {@code redis-server} for the demo and small single-node setups.
 *
 * @param url {@code redis://[user:password@]host:port[/db]} or {@code rediss://…} for TLS
 * @param password the data nodes' password (overrides the URL's); best given as {@code GATEHOUSE_REDIS_PASSWORD}
 * @param tls connect to Sentinel or Cluster nodes over TLS (with a URL, {@code rediss://} says so instead)
 * @param embedded start the bundled {@code redis-server} on a free loopback port instead
 * @param sentinel the master a set of Redis Sentinels monitor ({@code gatehouse.redis.sentinel.*})
 * @param cluster the seed nodes of a Redis Cluster ({@code gatehouse.redis.cluster.nodes})
 * @param dataDir the embedded server's data directory (append-only file on)
 * @param keyPrefix the prefix of every key Gatehouse writes
 * @param timeout how long one Redis command may take before Gatehouse treats Redis as unavailable
 * @param minReplicasAck how many replicas must confirm a new enrollment (Redis {@code WAIT}, for up to half of
 *                       {@code timeout}) before it counts as done; 0 (the default) does not wait
 */
public record RedisProperties(
        String url,
        String password,
        @DefaultValue("false") boolean tls,
        @DefaultValue("false") boolean embedded,
        Sentinel sentinel,
        Cluster cluster,
        @DefaultValue("./data/redis") Path dataDir,
        @DefaultValue("gatehouse:") String keyPrefix,
        @DefaultValue("2s") Duration timeout,
        @DefaultValue("0") int minReplicasAck) {

    private static final int MAX_REPLICAS_ACK = 16;

    private static final Pattern HOST_AND_PORT = Pattern.compile("^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):(\\d{1,5})$");

    /** The ways of reaching Redis; exactly one is configured. */
    public enum Mode {
        URL,
        EMBEDDED,
        SENTINEL,
        CLUSTER
    }

    /**
     * Redis Sentinel ({@code gatehouse.redis.sentinel.*}): Gatehouse asks the sentinels for the current master and
     * asks again after a failover.
     *
     * @param master the master's name as the sentinels know it ({@code sentinel monitor <name> ...})
     * @param nodes the sentinels as {@code host:port}
     * @param password the sentinels' own password, when they require one (not the data nodes' password);
     *                 best given as {@code GATEHOUSE_REDIS_SENTINEL_PASSWORD}
     */
    public record Sentinel(String master, List<String> nodes, String password) {

        public Sentinel {
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }

        boolean configured() {
            return (master != null && !master.isBlank()) || !nodes.isEmpty();
        }

        @Override
        public String toString() {
            return "Sentinel[master=" + master + ", nodes=" + nodes + ", password="
                    + (password == null ? "none" : "***") + "]";
        }
    }

    /**
     * Redis Cluster ({@code gatehouse.redis.cluster.nodes}): some nodes to learn the cluster's layout from.
     *
     * @param nodes seed nodes as {@code host:port}; Gatehouse discovers the rest and follows topology changes
     */
    public record Cluster(List<String> nodes) {

        public Cluster {
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }
    }

    /** The way of reaching Redis that is configured; only meaningful once {@link #validate} found no conflict. */
    public Mode mode() {
        if (embedded) {
            return Mode.EMBEDDED;
        }
        if (sentinel != null && sentinel.configured()) {
            return Mode.SENTINEL;
        }
        if (cluster != null) {
            return Mode.CLUSTER;
        }
        return Mode.URL;
    }

    void validate(ConfigErrors errors) {
        boolean hasUrl = url != null && !url.isBlank();
        boolean hasSentinel = sentinel != null && sentinel.configured();
        boolean hasCluster = cluster != null;
        List<String> chosen = new java.util.ArrayList<>();
        if (hasUrl) {
            chosen.add("gatehouse.redis.url");
        }
        if (embedded) {
            chosen.add("gatehouse.redis.embedded: true");
        }
        if (hasSentinel) {
            chosen.add("gatehouse.redis.sentinel");
        }
        if (hasCluster) {
            chosen.add("gatehouse.redis.cluster");
        }
        if (chosen.size() > 1) {
            errors.conflict(String.join(" and ", chosen) + (chosen.size() == 2 ? " are both set" : " are all set")
                    + "; choose one"
                    + (chosen.size() > 2 || hasSentinel || hasCluster ? " of url, embedded, sentinel or cluster" : ""));
        } else if (chosen.isEmpty()) {
            errors.missing(
                    "gatehouse.redis.url",
                    "a redis:// or rediss:// URL, or set gatehouse.redis.embedded: true,"
                            + " or configure gatehouse.redis.sentinel or gatehouse.redis.cluster");
        }
        if (hasUrl) {
            validateUrl(errors);
        }
        if (hasSentinel) {
            if (sentinel.master() == null || sentinel.master().isBlank()) {
                errors.missing(
                        "gatehouse.redis.sentinel.master",
                        "the master's name as the sentinels know it (their 'sentinel monitor <name>' setting)");
            }
            validateNodes(errors, "gatehouse.redis.sentinel.nodes", sentinel.nodes(), "the sentinels");
        } else if (sentinel != null && sentinel.password() != null) {
            errors.conflict("gatehouse.redis.sentinel.password is set but gatehouse.redis.sentinel.master and"
                    + " gatehouse.redis.sentinel.nodes are not; set them or remove the sentinel password");
        }
        if (hasCluster) {
            validateNodes(errors, "gatehouse.redis.cluster.nodes", cluster.nodes(), "some of the cluster's nodes");
        }
        if (tls && (embedded || hasUrl)) {
            errors.conflict("gatehouse.redis.tls applies to sentinel and cluster nodes; with gatehouse.redis.url use a"
                    + " rediss:// URL for TLS, the embedded Redis has none");
        }
        if (keyPrefix != null
                && (keyPrefix.isEmpty() || keyPrefix.chars().anyMatch(c -> c <= ' ' || c == '{' || c == '}'))) {
            errors.reject(
                    "gatehouse.redis.key-prefix",
                    keyPrefix,
                    "must be non-empty, without spaces, control characters or braces");
        }
        errors.requirePositive("gatehouse.redis.timeout", timeout);
        if (minReplicasAck < 0 || minReplicasAck > MAX_REPLICAS_ACK) {
            errors.reject("gatehouse.redis.min-replicas-ack", minReplicasAck, "must be from 0 to " + MAX_REPLICAS_ACK);
        } else if (minReplicasAck > 0 && embedded) {
            errors.conflict("gatehouse.redis.min-replicas-ack: " + minReplicasAck + " needs replicas, and the embedded"
                    + " Redis has none; set it to 0");
        }
    }

    /** How long an enrollment waits for replicas: half the command timeout, so the wait ends before the command times out. */
    public Duration replicaAckTimeout() {
        return timeout.dividedBy(2);
    }

    private void validateUrl(ConfigErrors errors) {
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            errors.reject("gatehouse.redis.url", redactedUrl(), "must start with redis:// or rediss://");
            return;
        }
        try {
            RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            errors.reject("gatehouse.redis.url", redactedUrl(), "must be a valid Redis URL (" + e.getMessage() + ")");
        }
    }

    private static void validateNodes(ConfigErrors errors, String key, List<String> nodes, String what) {
        if (nodes.isEmpty()) {
            errors.missing(key, what + " as a list of host:port");
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (parseHostAndPort(nodes.get(i)) == null) {
                errors.reject(key + "[" + i + "]", nodes.get(i), "must be host:port with a port from 1 to 65535");
            }
        }
    }

    /** The host and port of {@code host:port} ({@code [v6]:port} for IPv6), or null when malformed. */
    public static HostAndPort parseHostAndPort(String value) {
        if (value == null) {
            return null;
        }
        Matcher matcher = HOST_AND_PORT.matcher(value.trim());
        if (!matcher.matches()) {
            return null;
        }
        int port = Integer.parseInt(matcher.group(2));
        if (port < 1 || port > 65535) {
            return null;
        }
        String host = matcher.group(1);
        return new HostAndPort(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port);
    }

    /** One node's address. */
    public record HostAndPort(String host, int port) {}

    /** Where Redis is, in words safe for logs and messages (no passwords). */
    public String describeTarget() {
        return switch (mode()) {
            case EMBEDDED -> "the embedded Redis";
            case SENTINEL -> "Sentinel master '" + sentinel.master() + "' via " + String.join(", ", sentinel.nodes());
            case CLUSTER -> "Redis Cluster via " + String.join(", ", cluster.nodes());
            case URL -> redactedUrl();
        };
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
                + ", tls=" + tls + ", embedded=" + embedded + ", sentinel=" + sentinel + ", cluster=" + cluster
                + ", dataDir=" + dataDir + ", keyPrefix=" + keyPrefix + ", timeout=" + timeout + ", minReplicasAck="
                + minReplicasAck + "]";
    }
}
