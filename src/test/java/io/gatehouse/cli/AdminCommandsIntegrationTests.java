package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.RedisConfiguration;
import io.gatehouse.web.Times;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import org.springframework.session.ReactiveFindByIndexNameSessionRepository;
import org.springframework.session.data.redis.ReactiveRedisIndexedSessionRepository;
import redis.embedded.RedisServer;

/** {@code gatehouse admin ...} and {@code gatehouse secrets rotate} against a real redis-server, no web server. */
class AdminCommandsIntegrationTests {

    static RedisServer redis;
    static int port;

    @BeforeAll
    static void startRedis() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        redis = RedisServer.builder().port(port).setting("bind 127.0.0.1").setting("appendonly no")
                .setting("save \"\"").build();
        redis.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.stop();
    }

    @Test
    void adminCommandsWhenRedisReachableThenEachWorksAndIsAudited() {
        Result status = run(port, "admin", "require-enrollment", "erin@example.org");
        assertThat(status.code()).isZero();
        assertThat(run(port, "admin", "status", "erin@example.org").out())
                .contains("2FA:                 off").contains("Must enroll at login: yes");
        assertThat(run(port, "admin", "unlock", "erin@example.org").out()).contains("was not locked");
        assertThat(run(port, "admin", "sessions", "revoke", "erin@example.org").out()).contains("0 sessions");
        Result disabled = run(port, "admin", "disable-2fa", "erin@example.org");
        assertThat(disabled.code()).isZero();
        assertThat(disabled.out()).contains("No 2FA was set up for erin@example.org");
        assertThat(run(port, "admin", "status", "erin@example.org").out()).contains("Must enroll at login: no");
        assertThat(run(port, "secrets", "rotate").out()).contains("Re-encrypted 0 secrets");
    }

    @Test
    void statusWhenUserHasAVerifiedSessionThenItsAgeAndLastActivityShown() {
        Instant now = Instant.now();
        LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", port);
        factory.afterPropertiesSet();
        try {
            // A session as a gateway stores it: the same serializer, namespace and principal index as the CLI reads.
            ReactiveRedisTemplate<String, Object> operations = new ReactiveRedisTemplate<>(factory,
                    RedisSerializationContext.<String, Object>newSerializationContext(new StringRedisSerializer())
                            .value(RedisConfiguration.sessionSerializer())
                            .hashKey(new StringRedisSerializer())
                            .hashValue(RedisConfiguration.sessionSerializer())
                            .build());
            ReactiveRedisIndexedSessionRepository sessions = new ReactiveRedisIndexedSessionRepository(operations,
                    new ReactiveStringRedisTemplate(factory));
            sessions.setRedisKeyNamespace("gatehouse:session");
            sessions.createSession().flatMap(session -> {
                session.setAttribute(ReactiveFindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME,
                        "fay@example.org");
                session.setAttribute("gh.user", "fay@example.org");
                session.setAttribute("gh.state", "VERIFIED");
                session.setAttribute("gh.lifetimeStart", now.minus(Duration.ofMinutes(125)).getEpochSecond());
                session.setAttribute("gh.activeAt", now.minus(Duration.ofMinutes(3)).getEpochSecond());
                return sessions.save(session);
            }).block();
        } finally {
            factory.destroy();
        }

        String out = run(port, "admin", "status", "fay@example.org").out();

        assertThat(out).contains("Active sessions:     1").containsPattern("verified since .* \\(age 2h 0[45]m\\)")
                .contains("last activity " + Times.format(now.minus(Duration.ofMinutes(3))));
    }

    @Test
    void adminCommandWhenRedisUnreachableThenExit3() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Result result = run(closed, "admin", "status", "erin@example.org");
        assertThat(result.code()).isEqualTo(3);
    }

    @Test
    void adminCommandWhenUserMissingThenUsage() {
        assertThat(run(port, "admin", "status").code()).isEqualTo(2);
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(int redisPort, String... words) {
        List<String> args = new ArrayList<>(List.of(words));
        args.add("--gatehouse.config=src/test/resources/gatehouse-test.yml");
        args.add("--gatehouse.redis.embedded=false");
        args.add("--gatehouse.redis.url=redis://127.0.0.1:" + redisPort);
        args.add("--gatehouse.redis.timeout=1s");
        args.add("--gatehouse.upstream.url=http://127.0.0.1:9");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GatehouseCli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
