package io.gatehouse.realapps;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.GatehouseApplication;
import io.gatehouse.support.IsolatedReactorResources;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.TestBrowser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Gatehouse started with the very {@code gatehouse.yml} a recipe in {@code docs/recipes/} tells users to copy, in
 * front of a real application: only the upstream URL, Redis (embedded), the test key and the test's additions
 * (e.g. who is Gatehouse's administrator) come from the test.
 */
final class GatehouseInFront implements AutoCloseable {

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(gatehouse:.*?)```", Pattern.DOTALL);

    /** Test key only (base64 of 32 bytes), as in gatehouse-test.yml. */
    private static final String TEST_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private final ConfigurableApplicationContext context;
    private final MutableClock clock;

    private GatehouseInFront(ConfigurableApplicationContext context, MutableClock clock) {
        this.context = context;
        this.clock = clock;
    }

    /** Starts Gatehouse with the first {@code gatehouse:} YAML block of {@code recipe} in front of {@code app}. */
    static GatehouseInFront start(Path recipe, RealApp app, String... settings) {
        Path config = app.home().resolve("gatehouse.yml");
        try {
            Files.writeString(config, yamlOf(recipe));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of(
                "--gatehouse.config=" + config,
                "--gatehouse.upstream.url=" + app.baseUrl(),
                "--gatehouse.redis.embedded=true",
                "--gatehouse.redis.data-dir=target/test-data/redis-" + UUID.randomUUID(),
                "--server.port=0",
                "--management.server.port=0",
                "--GATEHOUSE_SECRET_KEY=" + TEST_KEY,
                "--logging.level.root=warn",
                "--logging.level.io.gatehouse=info"));
        for (String setting : settings) {
            args.add("--" + setting);
        }
        MutableClock clock = new MutableClock(Instant.now());
        ConfigurableApplicationContext context = new SpringApplicationBuilder(
                        GatehouseApplication.class, IsolatedReactorResources.class)
                .initializers(initialized -> ((GenericApplicationContext) initialized)
                        .registerBean(
                                "sharedTestClock",
                                MutableClock.class,
                                () -> clock,
                                definition -> definition.setPrimary(true)))
                .run(args.toArray(String[]::new));
        return new GatehouseInFront(context, clock);
    }

    /** The recipe's configuration, exactly as the user copies it. */
    static String yamlOf(Path recipe) {
        try {
            Matcher block = YAML_BLOCK.matcher(Files.readString(recipe, StandardCharsets.UTF_8));
            assertThat(block.find())
                    .as("%s has a ```yaml block starting with 'gatehouse:'", recipe)
                    .isTrue();
            return block.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    MutableClock clock() {
        return clock;
    }

    /** A new browser (no cookies) pointed at this gateway. */
    TestBrowser browser() {
        return new TestBrowser(port());
    }

    @Override
    public void close() {
        context.close();
    }
}
