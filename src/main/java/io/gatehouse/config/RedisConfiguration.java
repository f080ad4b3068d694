package io.gatehouse.config;

import io.gatehouse.store.EmbeddedRedisServer;
import io.lettuce.core.RedisURI;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/** Connects to the configured Redis (or starts the embedded one) and stores sessions in it as JSON. */
@Configuration(proxyBeanMethods = false)
public class RedisConfiguration {

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
    LettuceConnectionFactory redisConnectionFactory(GatehouseProperties properties,
            ObjectProvider<EmbeddedRedisServer> embedded, ClientResources resources) {
        return create(properties, embedded, resources);
    }

    private LettuceConnectionFactory create(GatehouseProperties properties, ObjectProvider<EmbeddedRedisServer> embedded,
            ClientResources resources) {
        RedisProperties redis = properties.redis();
        RedisStandaloneConfiguration standalone;
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .commandTimeout(redis.timeout());
        if (resources != null) {
            client.clientResources(resources);
        }
        EmbeddedRedisServer server = embedded.getIfAvailable();
        if (server != null) {
            standalone = new RedisStandaloneConfiguration("127.0.0.1", server.port());
        } else {
            RedisURI uri = RedisURI.create(redis.url());
            standalone = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
            standalone.setDatabase(uri.getDatabase());
            if (uri.getUsername() != null) {
                standalone.setUsername(uri.getUsername());
            }
            if (uri.getPassword() != null) {
                standalone.setPassword(uri.getPassword());
            }
            if (uri.isSsl()) {
                client.useSsl();
            }
        }
        if (redis.password() != null && !redis.password().isEmpty()) {
            standalone.setPassword(redis.password());
        }
        LettuceConnectionFactory factory = new LettuceConnectionFactory(standalone, client.build());
        factory.afterPropertiesSet();
        checkReachable(factory, redis);
        return factory;
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

    /** A connection to the external Redis of {@code redis} (not the embedded one), checked with a PING. */
    public static LettuceConnectionFactory connectExternal(RedisProperties redis) {
        return new RedisConfiguration().create(
                new GatehouseProperties(null, redis, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null),
                new org.springframework.beans.factory.support.StaticListableBeanFactory()
                        .getBeanProvider(EmbeddedRedisServer.class), null);
    }

    /** Fails the start with a plain message instead of a first request that hangs or a stack trace. */
    private static void checkReachable(LettuceConnectionFactory factory, RedisProperties redis) {
        try (RedisConnection connection = factory.getConnection()) {
            connection.ping();
        } catch (RuntimeException e) {
            factory.destroy();
            throw new RedisUnreachableException(redis.embedded() ? "the embedded Redis" : redis.redactedUrl(), e);
        }
    }
}
