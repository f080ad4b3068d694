package io.gatehouse.store;

import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.RedisProperties;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.data.redis.ReactiveRedisIndexedSessionRepository;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/** Connects to the configured Redis (or starts the embedded one) and stores sessions in it as JSON. */
@Configuration(proxyBeanMethods = false)
public class RedisConfiguration {

    private static final java.time.Duration CLUSTER_TOPOLOGY_REFRESH = java.time.Duration.ofSeconds(30);

    private static final String SESSION_NAMESPACE_KEY = "spring.session.data.redis.namespace";

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "gatehouse.redis.embedded", havingValue = "true")
    EmbeddedRedisServer embeddedRedisServer(GatehouseProperties properties) {
        return EmbeddedRedisServer.start(0, properties.redis().dataDir());
    }

    /**
     * Lettuce's event loops and timers, recording every command's latency in the meter registry
     * ({@code lettuce_command_completion_seconds} and {@code lettuce_command_firstresponse_seconds}: count, sum
     * and max by command; no histogram buckets, which would multiply the series by every command Gatehouse uses).
     */
    @Bean(destroyMethod = "shutdown")
    ClientResources redisClientResources(ObjectProvider<MeterRegistry> registry) {
        DefaultClientResources.Builder resources = DefaultClientResources.builder();
        MeterRegistry meters = registry.getIfUnique();
        if (meters != null) {
            resources.commandLatencyRecorder(new MicrometerCommandLatencyRecorder(meters, MicrometerOptions.create()));
        }
        return resources.build();
    }

    @Bean
    LettuceConnectionFactory redisConnectionFactory(
            GatehouseProperties properties, ObjectProvider<EmbeddedRedisServer> embedded, ClientResources resources) {
        return create(properties, embedded, resources);
    }

    private LettuceConnectionFactory create(
            GatehouseProperties properties, ObjectProvider<EmbeddedRedisServer> embedded, ClientResources resources) {
        RedisProperties redis = properties.redis();
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client =
                LettuceClientConfiguration.builder().commandTimeout(redis.timeout());
        if (resources != null) {
            client.clientResources(resources);
        }
        EmbeddedRedisServer server = embedded.getIfAvailable();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                server != null ? new RedisStandaloneConfiguration("127.0.0.1", server.port()) : external(redis, client),
                client.build());
        factory.afterPropertiesSet();
        checkReachable(factory, redis);
        return factory;
    }

    /** The external Redis of {@code redis}: one server, a Sentinel-managed master or a Cluster. */
    private static org.springframework.data.redis.connection.RedisConfiguration external(
            RedisProperties redis, LettuceClientConfiguration.LettuceClientConfigurationBuilder client) {
        RedisPassword password = redis.password() != null && !redis.password().isEmpty()
                ? RedisPassword.of(redis.password())
                : RedisPassword.none();
        if (redis.tls()) {
            // Sentinel and Cluster nodes; a single server says so in its URL (rediss://), and tls: true with a URL
            // is refused at start.
            client.useSsl();
        }
        switch (redis.mode()) {
            case SENTINEL -> {
                // Lettuce asks the sentinels for the master at every (re)connect, so after a failover it finds the
                // promoted replica; Sentinel also disconnects clients from a demoted master. Reads go to the master.
                RedisSentinelConfiguration sentinel = new RedisSentinelConfiguration();
                sentinel.master(redis.sentinel().master());
                redis.sentinel().nodes().stream()
                        .map(RedisProperties::parseHostAndPort)
                        .forEach(node -> sentinel.sentinel(node.host(), node.port()));
                sentinel.setPassword(password);
                if (redis.sentinel().password() != null
                        && !redis.sentinel().password().isEmpty()) {
                    sentinel.setSentinelPassword(
                            RedisPassword.of(redis.sentinel().password()));
                }
                return sentinel;
            }
            case CLUSTER -> {
                RedisClusterConfiguration cluster = new RedisClusterConfiguration();
                redis.cluster().nodes().stream()
                        .map(RedisProperties::parseHostAndPort)
                        .forEach(node -> cluster.clusterNode(node.host(), node.port()));
                cluster.setPassword(password);
                // Follow slot moves and failovers: on MOVED/ASK redirects and reconnects at once, and every
                // 30 seconds in case a change went unnoticed.
                client.clientOptions(ClusterClientOptions.builder()
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enablePeriodicRefresh(CLUSTER_TOPOLOGY_REFRESH)
                                .enableAllAdaptiveRefreshTriggers()
                                .build())
                        .build());
                return cluster;
            }
            default -> {
                RedisURI uri = RedisURI.create(redis.url());
                RedisStandaloneConfiguration standalone =
                        new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
                standalone.setDatabase(uri.getDatabase());
                if (uri.getUsername() != null) {
                    standalone.setUsername(uri.getUsername());
                }
                if (uri.getPassword() != null) {
                    standalone.setPassword(uri.getPassword());
                }
                if (password.isPresent()) {
                    standalone.setPassword(password);
                }
                if (uri.isSsl()) {
                    client.useSsl();
                }
                return standalone;
            }
        }
    }

    /**
     * Removes the index entries of expired sessions that Spring Session's expiry events did not reach (on a Cluster
     * they are node-local; a stopped gateway hears none), once a minute.
     */
    @Bean(destroyMethod = "close")
    SessionIndexSweeper sessionIndexSweeper(ReactiveRedisIndexedSessionRepository sessions, Environment environment) {
        // Spring Session dates sessions by the system clock, whatever clock Gatehouse is given.
        SessionIndexSweeper sweeper = new SessionIndexSweeper(
                sessions.getSessionRedisOperations(),
                environment.getRequiredProperty(SESSION_NAMESPACE_KEY),
                java.time.Clock.systemUTC());
        sweeper.start(java.time.Duration.ofMinutes(1));
        return sweeper;
    }

    /** Stores sessions as JSON, and only Gatehouse's own and JDK value types, never arbitrary classes. */
    @Bean
    RedisSerializer<Object> springSessionDefaultRedisSerializer() {
        return sessionSerializer();
    }

    /** The session serializer, for the CLI that reads and deletes sessions without a web context. */
    public static RedisSerializer<Object> sessionSerializer() {
        return GenericJacksonJsonRedisSerializer.builder()
                .enableDefaultTyping(BasicPolymorphicTypeValidator.builder()
                        .allowIfSubType("io.gatehouse.")
                        .allowIfSubType("java.lang.")
                        .allowIfSubType("java.util.")
                        .allowIfSubType("java.time.")
                        .build())
                .build();
    }

    /**
     * A connection to the external Redis of {@code redis} (one server, Sentinel or Cluster; not the embedded one),
     * checked with a PING.
     */
    public static LettuceConnectionFactory connectExternal(RedisProperties redis) {
        return new RedisConfiguration()
                .create(
                        new GatehouseProperties(
                                null, redis, null, null, null, null, null, null, null, null, null, null, null, null,
                                null, null, null, null),
                        new org.springframework.beans.factory.support.StaticListableBeanFactory()
                                .getBeanProvider(EmbeddedRedisServer.class),
                        null);
    }

    /** Fails the start with a plain message instead of a first request that hangs or a stack trace. */
    private static void checkReachable(LettuceConnectionFactory factory, RedisProperties redis) {
        try (RedisConnection connection = factory.getConnection()) {
            connection.ping();
        } catch (RuntimeException e) {
            factory.destroy();
            throw new RedisUnreachableException(redis.describeTarget(), e);
        }
    }
}
