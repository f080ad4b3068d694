package io.gatehouse.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gatehouse.store.EmbeddedRedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Two whole gateways sharing one Redis (a real {@code redis-server}), one stand-in upstream and one clock, as
 * several replicas behind a load balancer would run. {@link #close} stops all of it.
 */
public final class TwoGateways implements AutoCloseable {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:05Z"));
    private final WireMockServer upstream = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    private final List<AutoCloseable> started = new ArrayList<>();
    private RunningGateway a;
    private RunningGateway b;

    private TwoGateways() {}

    /**
     * Starts the upstream with {@code stubs}, a Redis and two gateways with {@code settings}; {@code sources} are added
     * to each gateway's application (e.g. a bean that replaces one of Gatehouse's).
     */
    public static TwoGateways start(Consumer<WireMockServer> stubs, List<Class<?>> sources, String... settings) {
        TwoGateways gateways = new TwoGateways();
        try {
            gateways.upstream.start();
            gateways.started.add(gateways.upstream::stop);
            stubs.accept(gateways.upstream);
            EmbeddedRedisServer redis =
                    EmbeddedRedisServer.start(0, Files.createTempDirectory("gatehouse-two-gateways"));
            gateways.started.add(redis);
            List<String> all = new ArrayList<>(List.of(settings));
            all.add("gatehouse.redis.url=redis://127.0.0.1:" + redis.port());
            gateways.a = gateways.gateway(sources, all);
            gateways.b = gateways.gateway(sources, all);
            return gateways;
        } catch (IOException e) {
            gateways.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            gateways.close();
            throw e;
        }
    }

    private RunningGateway gateway(List<Class<?>> sources, List<String> settings) {
        RunningGateway gateway =
                RunningGateway.start(clock, upstream.baseUrl(), sources, settings.toArray(String[]::new));
        started.add(gateway);
        return gateway;
    }

    public RunningGateway a() {
        return a;
    }

    public RunningGateway b() {
        return b;
    }

    public MutableClock clock() {
        return clock;
    }

    public WireMockServer upstream() {
        return upstream;
    }

    /** Stops the gateways, then Redis, then the upstream; each even when an earlier one fails to stop. */
    @Override
    public void close() {
        java.util.Collections.reverse(started);
        AutoCloseable[] all = started.toArray(AutoCloseable[]::new);
        started.clear();
        Closeables.closeAll(all);
    }
}
