package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.LegacySiteUpstream;
import io.gatehouse.support.TestBrowser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Gatehouse's sessions in Redis: JSON (never Java serialisation), and the held upstream cookie not in clear text. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gatehouse.config=src/test/resources/gatehouse-test.yml")
class SessionStorageIntegrationTests {

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    RedisConnectionFactory redis;

    @Test
    void sessionWhenLoginObservedThenStoredAsJsonUnderGatehouseNamespace() {
        LegacySiteStubs.formLogin(upstream);
        new TestBrowser(port).postForm("/login", "email", "json-check@example.org", "password", "right");

        Map<byte[], byte[]> session = null;
        try (var connection = redis.getConnection();
                Cursor<byte[]> keys = connection
                        .keyCommands()
                        .scan(ScanOptions.scanOptions()
                                .match("gatehouse:session:sessions:*")
                                .count(1000)
                                .build())) {
            while (keys.hasNext()) {
                byte[] key = keys.next();
                String name = new String(key, StandardCharsets.UTF_8);
                if (!name.contains("expires")
                        && "hash"
                                .equalsIgnoreCase(
                                        connection.keyCommands().type(key).code())) {
                    Map<byte[], byte[]> candidate = connection.hashCommands().hGetAll(key);
                    if (candidate.keySet().stream()
                            .anyMatch(k -> new String(k, StandardCharsets.UTF_8).equals("sessionAttr:gh.user"))) {
                        session = candidate;
                    }
                }
            }
        }
        assertThat(session).as("the observed login's session in Redis").isNotNull();
        List<String> values = session.values().stream()
                .map(v -> new String(v, StandardCharsets.UTF_8))
                .toList();
        assertThat(session.values())
                .noneMatch(value -> value.length > 1 && value[0] == (byte) 0xAC && value[1] == (byte) 0xED);
        assertThat(values).anyMatch(value -> value.contains("json-check@example.org"));
        assertThat(values).as("the held upstream cookie is sealed").noneMatch(value -> value.contains("alice-session"));
        assertThat(values).allMatch(value -> value.isEmpty() || "\"[{-0123456789tfn".indexOf(value.charAt(0)) >= 0);
    }
}
