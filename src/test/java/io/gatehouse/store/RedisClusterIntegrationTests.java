package io.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gatehouse.admin.SessionRevoker;
import io.gatehouse.cli.GatehouseCli;
import io.gatehouse.enforcement.LegacySiteStubsAccess;
import io.gatehouse.support.Authenticator;
import io.gatehouse.support.Closeables;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.RedisProcesses;
import io.gatehouse.support.RunningGateway;
import io.gatehouse.support.TestBrowser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisOperations;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.session.ReactiveFindByIndexNameSessionRepository;
import org.springframework.session.data.redis.ReactiveRedisIndexedSessionRepository;

/**
 * Gatehouse on a real three-master Redis Cluster: the whole journey (enroll, sign in with a code, proxied pages,
 * logout, revoke) works although a session's keys move between hash slots when its id changes, one user's 2FA keys
 * share one slot so the scripts may touch them together, SCAN walks every master, index entries of sessions whose
 * expiry event went unheard are swept, and the CLI finds and ends sessions through the Cluster.
 */
class RedisClusterIntegrationTests {

    static final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:05Z"));
    static final WireMockServer upstream = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    static RedisProcesses redis;
    static List<Integer> nodes;
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        upstream.start();
        LegacySiteStubsAccess.formLogin(upstream);
        redis = new RedisProcesses("cluster");
        nodes = redis.cluster(3);
        gateway = RunningGateway.start(clock, upstream.baseUrl(), "gatehouse.redis.cluster.nodes=" + clusterNodes());
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(gateway, redis, upstream::stop);
    }

    @Test
    void journeyWhenOnClusterThenEnrollChallengeProxyLogoutAndRevokeAllWork() {
        String user = "carol-" + UUID.randomUUID() + "@example.org";
        TestBrowser laptop = gateway.browser();
        Authenticator app = gateway.enroll(laptop, user, clock);
        assertThat(laptop.get("/admin").body()).contains("Admin dashboard");

        laptop.get("/logout");
        assertThat(laptop.get("/admin").status()).isNotEqualTo(200);

        TestBrowser phone = gateway.browser();
        gateway.signInWithCode(phone, user, app);
        clock.advance(Duration.ofSeconds(30));
        gateway.signInWithCode(laptop, user, app);
        assertThat(phone.get("/admin").body()).contains("Admin dashboard");
        assertThat(laptop.get("/admin").body()).contains("Admin dashboard");

        assertThat(gateway.bean(SessionRevoker.class).revokeAll(user).block()).isEqualTo(2);
        assertThat(phone.get("/admin").location()).isEqualTo("/login");
        assertThat(laptop.get("/admin").location()).isEqualTo("/login");
    }

    @Test
    void sessionIdWhenChangedAtLoginThenKeysMoveToAnotherSlotAndTheOldIdIsGone() {
        String user = "dan-" + UUID.randomUUID() + "@example.org";
        TestBrowser browser = gateway.browser();
        Authenticator app = gateway.enroll(browser, user, clock);
        browser.get("/logout");
        browser.get("/_gatehouse/challenge");
        String before = browser.cookies().get("gatehouse_session");

        gateway.signInWithCode(browser, user, app);
        String after = browser.cookies().get("gatehouse_session");

        assertThat(after).isNotEqualTo(before);
        ReactiveStringRedisTemplate template = gateway.bean(ReactiveStringRedisTemplate.class);
        assertThat(template.hasKey("gatehouse:session:sessions:" + after).block())
                .isTrue();
        assertThat(template.hasKey("gatehouse:session:sessions:" + before).block())
                .isFalse();
        assertThat(browser.get("/admin").body()).contains("Admin dashboard");
    }

    @Test
    void userKeysWhenEnrolledThenAllInOneSlot() {
        String user = "{eve}:" + UUID.randomUUID() + "@example.org";
        gateway.enroll(gateway.browser(), user, clock);
        RedisKeys keys = new RedisKeys(RedisKeys.DEFAULT_PREFIX);
        List<String> userKeys = List.of(
                keys.secret(user),
                keys.lastStep(user),
                keys.lockout(user),
                keys.recoveryCodes(user),
                keys.lastVerified(user),
                keys.mustEnroll(user),
                keys.emailCode(user),
                keys.emailCodeSent(user),
                keys.deviceTokens(user),
                keys.noticeSent(user, "lockout"));

        Set<Long> slots = userKeys.stream()
                .map(key -> redis.call(nodes.get(0), r -> r.clusterKeyslot(key)))
                .collect(Collectors.toSet());

        assertThat(slots).hasSize(1);
        assertThat(gateway.bean(ReactiveStringRedisTemplate.class)
                        .hasKey(keys.secret(user))
                        .block())
                .isTrue();
    }

    @Test
    void secretScanWhenSecretsLiveOnEveryMasterThenFindsThemAll() {
        RedisKeys keys = new RedisKeys("scan-test:");
        ReactiveStringRedisTemplate template = gateway.bean(ReactiveStringRedisTemplate.class);
        List<String> users = java.util.stream.IntStream.range(0, 30)
                .mapToObj(i -> "user-" + i + "@example.org")
                .toList();
        users.forEach(user ->
                template.opsForHash().put(keys.secret(user), "secret", "x").block());
        Set<String> owners = users.stream()
                .map(user -> redis.call(nodes.get(0), r -> r.clusterKeyslot(keys.secret(user))))
                .map(slot -> nodes.get((int) (slot * nodes.size() / 16384)))
                .map(String::valueOf)
                .collect(Collectors.toSet());
        assertThat(owners).as("the secrets are spread over every master").hasSize(nodes.size());

        // Key rotation finds the secrets with this SCAN; on a Cluster it must walk every master, not one.
        List<String> found = template.scan(org.springframework.data.redis.core.ScanOptions.scanOptions()
                        .match(keys.secretScanPattern())
                        .count(5)
                        .build())
                .collectList()
                .block();

        assertThat(found)
                .containsExactlyInAnyOrderElementsOf(
                        users.stream().map(keys::secret).toList());
    }

    @Test
    void sweepWhenSessionDataExpiredUnheardThenItsIndexEntriesGoAndLiveSessionsStay() {
        String user = "ivy-" + UUID.randomUUID() + "@example.org";
        TestBrowser browser = gateway.browser();
        gateway.enroll(browser, user, clock);
        ReactiveRedisOperations<String, Object> sessions =
                gateway.bean(ReactiveRedisIndexedSessionRepository.class).getSessionRedisOperations();
        // What Spring Session leaves of a session whose expiry event fired on a node Gatehouse does not listen to.
        String stale = "stale-" + UUID.randomUUID();
        String principalIndex = "gatehouse:session:sessions:index:"
                + ReactiveFindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME + ":" + user;
        String ownIndexes = "gatehouse:session:sessions:" + stale + ":idx";
        String expirations = "gatehouse:session:sessions:expirations";
        sessions.opsForSet().add(principalIndex, stale).block();
        sessions.opsForSet().add(ownIndexes, principalIndex).block();
        sessions.opsForZSet()
                .add(
                        expirations,
                        stale,
                        Instant.now().minus(Duration.ofHours(1)).toEpochMilli())
                .block();

        Long swept = gateway.bean(SessionIndexSweeper.class).sweep().block();

        assertThat(swept).isPositive();
        assertThat(sessions.opsForSet().members(principalIndex).collectList().block())
                .hasSize(1)
                .doesNotContain(stale);
        assertThat(sessions.hasKey(ownIndexes).block()).isFalse();
        assertThat(sessions.opsForZSet().score(expirations, stale).block()).isNull();
        assertThat(gateway.bean(SessionRevoker.class).list(user).block()).hasSize(1);
        assertThat(browser.get("/admin").status()).isEqualTo(200);
    }

    @Test
    void replicaWaitWhenOnClusterThenAsksTheMasterOfTheUsersSlot() {
        RedisKeys keys = new RedisKeys(RedisKeys.DEFAULT_PREFIX);
        try (ReplicaAcknowledgement replicas = ReplicaAcknowledgement.of(
                gateway.bean(LettuceConnectionFactory.class).getRequiredNativeClient(), 1, Duration.ofMillis(200))) {
            for (String user : List.of("lee@example.org", "max@example.org", "ned@example.org", "ola@example.org")) {
                // The marker write reached the slot's master (no MOVED) and WAIT ran there; this Cluster has no
                // replicas, so none confirms.
                assertThatThrownBy(() -> replicas.await(keys.replicated(user)).block())
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("0 of 1 replicas confirmed the write");
            }
        }
    }

    @Test
    void cliWhenPointedAtClusterThenFindsAndEndsSessions() {
        String user = "fay-" + UUID.randomUUID() + "@example.org";
        TestBrowser browser = gateway.browser();
        gateway.enroll(browser, user, clock);
        assertThat(browser.get("/admin").status()).isEqualTo(200);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = GatehouseCli.run(
                new String[] {
                    "admin",
                    "sessions",
                    "revoke",
                    user,
                    "--gatehouse.config=src/test/resources/gatehouse-test.yml",
                    "--gatehouse.redis.embedded=false",
                    "--gatehouse.redis.cluster.nodes=" + clusterNodes(),
                    "--gatehouse.upstream.url=http://127.0.0.1:9"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("1 sessions of " + user);
        // The CLI cannot reach the gateway's one-second cache of verified sessions; the revocation holds within it.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(browser.get("/admin").location()).isEqualTo("/login"));
    }

    private static String clusterNodes() {
        return nodes.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }
}
