package io.gatehouse.config;

import static io.gatehouse.config.GatehousePropertiesLoaderTests.environment;
import static io.gatehouse.config.GatehousePropertiesLoaderTests.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code gatehouse.redis.sentinel.*} and {@code gatehouse.redis.cluster.nodes}: one way to Redis, well-formed nodes. */
class RedisTopologyValidationTests {

    private static final String UPSTREAM = "http://127.0.0.1:8081";

    @Test
    void loadWhenSentinelConfiguredThenModeIsSentinelWithItsNodes() {
        GatehouseProperties properties = GatehousePropertiesLoader.load(environment(Map.of(
                "gatehouse.upstream.url", UPSTREAM,
                "gatehouse.redis.sentinel.master", "gatehouse",
                "gatehouse.redis.sentinel.nodes[0]", "sentinel-1.internal:26379",
                "gatehouse.redis.sentinel.nodes[1]", "[::1]:26380")));

        assertThat(properties.redis().mode()).isEqualTo(RedisProperties.Mode.SENTINEL);
        assertThat(properties.redis().sentinel().nodes()).containsExactly("sentinel-1.internal:26379", "[::1]:26380");
        assertThat(properties.redis().describeTarget())
                .isEqualTo("Sentinel master 'gatehouse' via sentinel-1.internal:26379, [::1]:26380");
    }

    @Test
    void loadWhenClusterNodesGivenAsCommaSeparatedListThenModeIsCluster() {
        GatehouseProperties properties = GatehousePropertiesLoader.load(environment(Map.of(
                "gatehouse.upstream.url", UPSTREAM,
                "gatehouse.redis.cluster.nodes", "10.0.0.1:7000,10.0.0.2:7000",
                "gatehouse.redis.tls", "true")));

        assertThat(properties.redis().mode()).isEqualTo(RedisProperties.Mode.CLUSTER);
        assertThat(properties.redis().cluster().nodes()).containsExactly("10.0.0.1:7000", "10.0.0.2:7000");
        assertThat(properties.redis().tls()).isTrue();
    }

    @Test
    void loadWhenUrlAndSentinelBothSetThenConflictNamesBoth() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.url",
                        UPSTREAM,
                        "gatehouse.redis.url",
                        "redis://localhost:6379",
                        "gatehouse.redis.sentinel.master",
                        "gatehouse",
                        "gatehouse.redis.sentinel.nodes",
                        "localhost:26379")))
                .containsExactly("gatehouse.redis.url and gatehouse.redis.sentinel are both set; choose one of url,"
                        + " embedded, sentinel or cluster");
    }

    @Test
    void loadWhenEmbeddedSentinelAndClusterAllSetThenOneConflictNamesAllThree() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.url",
                        UPSTREAM,
                        "gatehouse.redis.embedded",
                        "true",
                        "gatehouse.redis.sentinel.master",
                        "gatehouse",
                        "gatehouse.redis.sentinel.nodes",
                        "localhost:26379",
                        "gatehouse.redis.cluster.nodes",
                        "localhost:7000")))
                .containsExactly("gatehouse.redis.embedded: true and gatehouse.redis.sentinel and"
                        + " gatehouse.redis.cluster are all set; choose one of url, embedded, sentinel or cluster");
    }

    @Test
    void loadWhenSentinelHasNoMasterNameThenSaysWhatItIs() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.url", UPSTREAM, "gatehouse.redis.sentinel.nodes", "localhost:26379")))
                .containsExactly("gatehouse.redis.sentinel.master is required: the master's name as the sentinels"
                        + " know it (their 'sentinel monitor <name>' setting)");
    }

    @Test
    void loadWhenSentinelHasNoNodesThenReported() {
        assertThat(problems(Map.of("gatehouse.upstream.url", UPSTREAM, "gatehouse.redis.sentinel.master", "gatehouse")))
                .containsExactly("gatehouse.redis.sentinel.nodes is required: the sentinels as a list of host:port");
    }

    @Test
    void loadWhenClusterNodeListIsEmptyThenReported() {
        assertThat(problems(Map.of("gatehouse.upstream.url", UPSTREAM, "gatehouse.redis.cluster.nodes", "")))
                .containsExactly("gatehouse.redis.cluster.nodes is required: some of the cluster's nodes as a list of"
                        + " host:port");
    }

    @Test
    void loadWhenNodesMalformedThenEachIsNamedWithItsIndexAndValue() {
        List<String> problems = problems(Map.of(
                "gatehouse.upstream.url",
                UPSTREAM,
                "gatehouse.redis.cluster.nodes[0]",
                "10.0.0.1:7000",
                "gatehouse.redis.cluster.nodes[1]",
                "10.0.0.2",
                "gatehouse.redis.cluster.nodes[2]",
                "redis://10.0.0.3:7000",
                "gatehouse.redis.cluster.nodes[3]",
                "10.0.0.4:70000"));

        assertThat(problems)
                .containsExactly(
                        "gatehouse.redis.cluster.nodes[1] must be host:port with a port from 1 to 65535 but was '10.0.0.2'",
                        "gatehouse.redis.cluster.nodes[2] must be host:port with a port from 1 to 65535 but was"
                                + " 'redis://10.0.0.3:7000'",
                        "gatehouse.redis.cluster.nodes[3] must be host:port with a port from 1 to 65535 but was"
                                + " '10.0.0.4:70000'");
    }

    @Test
    void loadWhenTlsFlagWithUrlThenToldToUseRediss() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.url",
                        UPSTREAM,
                        "gatehouse.redis.url",
                        "redis://localhost:6379",
                        "gatehouse.redis.tls",
                        "true")))
                .singleElement()
                .asString()
                .contains("use a rediss:// URL");
    }

    @Test
    void loadWhenOnlySentinelPasswordSetThenReportedAsUnused() {
        assertThat(problems(Map.of(
                        "gatehouse.upstream.url",
                        UPSTREAM,
                        "gatehouse.redis.url",
                        "redis://localhost:6379",
                        "gatehouse.redis.sentinel.password",
                        "x")))
                .singleElement()
                .asString()
                .startsWith("gatehouse.redis.sentinel.password is set but");
    }

    @Test
    void loadWhenMinReplicasAckSetThenWaitIsHalfTheTimeoutAndBadValuesAreRefused() {
        GatehouseProperties properties = GatehousePropertiesLoader.load(environment(Map.of(
                "gatehouse.upstream.url",
                UPSTREAM,
                "gatehouse.redis.url",
                "redis://localhost:6379",
                "gatehouse.redis.min-replicas-ack",
                "1",
                "gatehouse.redis.timeout",
                "3s")));
        assertThat(properties.redis().minReplicasAck()).isEqualTo(1);
        assertThat(properties.redis().replicaAckTimeout()).isEqualTo(java.time.Duration.ofMillis(1500));

        assertThat(problems(Map.of(
                        "gatehouse.upstream.url",
                        UPSTREAM,
                        "gatehouse.redis.url",
                        "redis://localhost:6379",
                        "gatehouse.redis.min-replicas-ack",
                        "-1")))
                .containsExactly("gatehouse.redis.min-replicas-ack must be from 0 to 16 but was '-1'");
        assertThat(problems(Map.of(
                        "gatehouse.upstream.url",
                        UPSTREAM,
                        "gatehouse.redis.embedded",
                        "true",
                        "gatehouse.redis.min-replicas-ack",
                        "1")))
                .containsExactly("gatehouse.redis.min-replicas-ack: 1 needs replicas, and the embedded Redis has none;"
                        + " set it to 0");
    }

    @Test
    void loadWhenPasswordsComeFromEnvironmentThenBothApplyAndNeitherIsShown() {
        StandardEnvironment environment = environment(Map.of(
                "gatehouse.upstream.url",
                UPSTREAM,
                "gatehouse.redis.sentinel.master",
                "gatehouse",
                "gatehouse.redis.sentinel.nodes",
                "localhost:26379"));
        environment
                .getPropertySources()
                .addLast(new SystemEnvironmentPropertySource(
                        "systemEnvironment",
                        Map.of(
                                "GATEHOUSE_REDIS_PASSWORD",
                                "data-hunter2",
                                "GATEHOUSE_REDIS_SENTINEL_PASSWORD",
                                "sentinel-hunter2")));

        GatehouseProperties properties = GatehousePropertiesLoader.load(environment);

        assertThat(properties.redis().password()).isEqualTo("data-hunter2");
        assertThat(properties.redis().sentinel().password()).isEqualTo("sentinel-hunter2");
        assertThat(properties.toString()).doesNotContain("hunter2").contains("master=gatehouse");
    }
}
