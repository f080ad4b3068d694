package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.audit.AuditTrail;
import io.gatehouse.store.KeyringLoader;
import io.gatehouse.store.LockoutPolicy;
import io.gatehouse.store.RedisConfiguration;
import io.gatehouse.store.RedisKeys;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.store.VerificationResult;
import io.gatehouse.totp.TotpParameters;
import io.gatehouse.totp.TotpSecret;
import io.gatehouse.totp.TotpVerifier;
import io.gatehouse.web.Times;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import org.springframework.session.ReactiveFindByIndexNameSessionRepository;
import org.springframework.session.data.redis.ReactiveRedisIndexedSessionRepository;
import redis.embedded.RedisServer;

/** {@code gatehouse admin ...} (the TOTP import too) and {@code gatehouse secrets rotate} against a real redis-server, no web server. */
class AdminCommandsIntegrationTests {

    /** The key of src/test/resources/gatehouse-test.yml, which the commands read. */
    private static final String TEST_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    static RedisServer redis;
    static int port;

    @BeforeAll
    static void startRedis() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        redis = RedisServer.builder()
                .port(port)
                .setting("bind 127.0.0.1")
                .setting("appendonly no")
                .setting("save \"\"")
                .build();
        redis.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.stop();
    }

    @TempDir
    Path dir;

    @Test
    void adminCommandsWhenRedisReachableThenEachWorksAndIsAudited() {
        Result status = run(port, "admin", "require-enrollment", "erin@example.org");
        assertThat(status.code()).isZero();
        assertThat(run(port, "admin", "status", "erin@example.org").out())
                .contains("2FA:                 off")
                .contains("Must enroll at login: yes");
        assertThat(run(port, "admin", "unlock", "erin@example.org").out()).contains("was not locked");
        assertThat(run(port, "admin", "sessions", "revoke", "erin@example.org").out())
                .contains("0 sessions");
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
            ReactiveRedisTemplate<String, Object> operations = new ReactiveRedisTemplate<>(
                    factory,
                    RedisSerializationContext.<String, Object>newSerializationContext(new StringRedisSerializer())
                            .value(RedisConfiguration.sessionSerializer())
                            .hashKey(new StringRedisSerializer())
                            .hashValue(RedisConfiguration.sessionSerializer())
                            .build());
            ReactiveRedisIndexedSessionRepository sessions =
                    new ReactiveRedisIndexedSessionRepository(operations, new ReactiveStringRedisTemplate(factory));
            sessions.setRedisKeyNamespace("gatehouse:session");
            sessions.createSession()
                    .flatMap(session -> {
                        session.setAttribute(
                                ReactiveFindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "fay@example.org");
                        session.setAttribute("gh.user", "fay@example.org");
                        session.setAttribute("gh.state", "VERIFIED");
                        session.setAttribute(
                                "gh.lifetimeStart",
                                now.minus(Duration.ofMinutes(125)).getEpochSecond());
                        session.setAttribute(
                                "gh.activeAt", now.minus(Duration.ofMinutes(3)).getEpochSecond());
                        return sessions.save(session);
                    })
                    .block();
        } finally {
            factory.destroy();
        }

        String out = run(port, "admin", "status", "fay@example.org").out();

        assertThat(out)
                .contains("Active sessions:     1")
                .containsPattern("verified since .* \\(age 2h 0[45]m\\)")
                .contains("last activity " + Times.format(now.minus(Duration.ofMinutes(3))));
    }

    @Test
    void totpImportWhenUserNotEnrolledThenSecretSavedAuditedAndCurrentCodeAccepted() throws Exception {
        Path file = Files.writeString(dir.resolve("secret.txt"), "jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp\n");

        Result result = run(port, "admin", "totp", "import", "Gil@Example.org", "--secret-file", file.toString());

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("2FA is on for gil@example.org (SHA1, 6 digits, 30 s)")
                .doesNotContain("JBSW")
                .containsPattern("(?m)^  \\S+$");
        assertThat(run(port, "admin", "status", "gil@example.org").out())
                .contains("2FA:                 on")
                .contains("Recovery codes left: 10");
        // The gateway's own service reads it (same keyring, same layout) and takes the app's code of this moment.
        TotpSecret secret = new TotpSecret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", TotpParameters.DEFAULTS);
        withGateway((twoFactor, audit) -> {
            String now = new TotpVerifier(Clock.systemUTC(), 0)
                    .codeAt(secret, new TotpVerifier(Clock.systemUTC(), 0).currentStep(TotpParameters.DEFAULTS));
            assertThat(twoFactor.verify("gil@example.org", now, "127.0.0.1").block())
                    .isInstanceOf(VerificationResult.Accepted.class);
            assertThat(audit.recent("gil@example.org", 10).block())
                    .extracting(event -> event.get("type"))
                    .contains("enrollment.completed", "admin.totp-imported");
            assertThat(audit.recent("gil@example.org", 10).block())
                    .filteredOn(event -> "admin.totp-imported".equals(event.get("type")))
                    .extracting(event -> event.get("actor"))
                    .allMatch(actor -> actor.startsWith("cli:"));
        });
    }

    @Test
    void totpImportWhenAlreadyEnrolledThenRefusedUnlessForce() throws Exception {
        Path first = Files.writeString(dir.resolve("first.txt"), "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        Path second = Files.writeString(
                dir.resolve("second.txt"),
                "otpauth://totp/Old:hal%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Old&digits=8");
        assertThat(run(port, "admin", "totp", "import", "hal@example.org", "--secret-file=" + first)
                        .code())
                .isZero();

        Result refused = run(port, "admin", "totp", "import", "hal@example.org", "--secret-file=" + second);
        Result forced = run(port, "admin", "totp", "import", "hal@example.org", "--secret-file=" + second, "--force");

        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("hal@example.org already has 2FA set up; --force replaces the secret");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("(SHA1, 8 digits, 30 s; the previous secret is deleted)");
    }

    @Test
    void totpImportWhenSecretFileMissingOrMalformedThenProblemAndNothingSaved() throws Exception {
        Path shortKey = Files.writeString(dir.resolve("short.txt"), "JBSWY3DP");
        Path notBase32 = Files.writeString(dir.resolve("bad.txt"), "not a secret 1890");

        Result missing = run(port, "admin", "totp", "import", "ivy@example.org", "--secret-file", dir + "/none.txt");
        Result tooShort = run(port, "admin", "totp", "import", "ivy@example.org", "--secret-file", shortKey.toString());
        Result malformed =
                run(port, "admin", "totp", "import", "ivy@example.org", "--secret-file", notBase32.toString());

        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("Cannot read the secret file " + dir + "/none.txt");
        assertThat(tooShort.err()).contains("the secret has 40 bits; at least 80 are needed");
        assertThat(malformed.err()).contains("the secret is not Base32");
        assertThat(run(port, "admin", "status", "ivy@example.org").out()).contains("2FA:                 off");
    }

    @Test
    void totpGenerateWhenUserNotEnrolledThenPrintsASecretTheGatewayAccepts() {
        Result result = run(port, "admin", "totp", "generate", "jo@example.org");

        assertThat(result.code()).as(result.err()).isZero();
        Matcher key = Pattern.compile("Secret:      ([A-Z2-7]+)").matcher(result.out());
        assertThat(key.find()).isTrue();
        assertThat(result.out()).contains("otpauth URI: otpauth://totp/");
        TotpSecret secret = new TotpSecret(key.group(1), TotpParameters.DEFAULTS);
        TotpVerifier clock = new TotpVerifier(Clock.systemUTC(), 0);
        withGateway((twoFactor, audit) -> assertThat(twoFactor
                        .verify(
                                "jo@example.org",
                                clock.codeAt(secret, clock.currentStep(TotpParameters.DEFAULTS)),
                                "127.0.0.1")
                        .block())
                .isInstanceOf(VerificationResult.Accepted.class));
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

    /** The gateway's side of the same Redis: its service and audit trail, built with the test configuration's key. */
    private static void withGateway(java.util.function.BiConsumer<TwoFactorService, AuditTrail> check) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", port);
        factory.afterPropertiesSet();
        try {
            ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(factory);
            RedisKeys keys = new RedisKeys(RedisKeys.DEFAULT_PREFIX);
            TwoFactorService twoFactor = TwoFactorService.create(
                    redis,
                    keys,
                    KeyringLoader.fromEnvironment(Map.of(KeyringLoader.CURRENT_KEY_VARIABLE, TEST_KEY)),
                    TotpParameters.DEFAULTS,
                    1,
                    "Gatehouse",
                    LockoutPolicy.DEFAULTS,
                    Clock.systemUTC(),
                    new SecureRandom());
            check.accept(twoFactor, new AuditTrail(redis, keys, 1000));
        } finally {
            factory.destroy();
        }
    }

    private record Result(int code, String out, String err) {}

    private static Result run(int redisPort, String... words) {
        List<String> args = new ArrayList<>(List.of(words));
        args.add("--gatehouse.config=src/test/resources/gatehouse-test.yml");
        args.add("--gatehouse.redis.embedded=false");
        args.add("--gatehouse.redis.url=redis://127.0.0.1:" + redisPort);
        args.add("--gatehouse.redis.timeout=1s");
        args.add("--gatehouse.upstream.url=http://127.0.0.1:9");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GatehouseCli.run(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
