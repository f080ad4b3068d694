package io.gatehouse.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** All of Gatehouse's settings ({@code gatehouse.*}), bound once at start and validated as a whole. */
@ConfigurationProperties("gatehouse")
public record GatehouseProperties(
        @DefaultValue UpstreamProperties upstream,
        @DefaultValue RedisProperties redis) {

    /** Adds every problem in these settings to {@code errors}. */
    void validate(ConfigErrors errors) {
        upstream.validate(errors);
        redis.validate(errors);
    }
}
