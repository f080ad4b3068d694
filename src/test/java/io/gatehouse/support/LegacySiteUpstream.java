package io.gatehouse.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The WireMock legacy site one test class puts behind Gatehouse: bound to 127.0.0.1 on a free port, started when the
 * class loads (before Spring reads its URL) and stopped after the class that registered it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LegacySiteUpstream upstream = LegacySiteUpstream.started();
 *
 * @DynamicPropertySource
 * static void upstreamUrl(DynamicPropertyRegistry registry) {
 *     upstream.registerUrl(registry);
 * }
 * }</pre>
 */
public final class LegacySiteUpstream extends WireMockServer implements BeforeAllCallback, AfterAllCallback {

    private volatile String owner;

    private LegacySiteUpstream() {
        super(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    }

    public static LegacySiteUpstream started() {
        LegacySiteUpstream upstream = new LegacySiteUpstream();
        upstream.start();
        return upstream;
    }

    /** Points Gatehouse at this server; the URL is read lazily, when the context starts. */
    public void registerUrl(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.upstream.url", this::baseUrl);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // @Nested classes inherit the extension; only the class that registered it (the first to start) owns it.
        if (owner == null) {
            owner = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(owner)) {
            stop();
        }
    }
}
