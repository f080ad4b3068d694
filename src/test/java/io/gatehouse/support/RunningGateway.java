package io.gatehouse.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.GatehouseApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A whole Gatehouse started from the test configuration against an external Redis and a stand-in upstream, for tests
 * that run several gateways side by side or point one at Sentinel or Cluster. The test's clock is the gateway's clock,
 * so two gateways given one clock agree on TOTP time steps.
 */
public final class RunningGateway implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningGateway(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a gateway with {@code settings} ({@code gatehouse.redis.*} at least) as command-line arguments. */
    public static RunningGateway start(MutableClock clock, String upstreamUrl, String... settings) {
        return start(clock, upstreamUrl, List.of(), settings);
    }

    /** Like {@link #start(MutableClock, String, String...)}, with {@code sources} added to the application. */
    public static RunningGateway start(
            MutableClock clock, String upstreamUrl, List<Class<?>> sources, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--gatehouse.config=src/test/resources/gatehouse-test.yml",
                "--gatehouse.redis.embedded=false",
                "--gatehouse.upstream.url=" + upstreamUrl));
        for (String setting : settings) {
            args.add("--" + setting);
        }
        List<Class<?>> all = new ArrayList<>(List.of(GatehouseApplication.class, IsolatedReactorResources.class));
        all.addAll(sources);
        return new RunningGateway(new SpringApplicationBuilder(all.toArray(Class<?>[]::new))
                .initializers(context -> ((GenericApplicationContext) context)
                        .registerBean(
                                "sharedTestClock",
                                MutableClock.class,
                                () -> clock,
                                definition -> definition.setPrimary(true)))
                .run(args.toArray(String[]::new)));
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** A new browser (no cookies) pointed at this gateway. */
    public TestBrowser browser() {
        return new TestBrowser(port());
    }

    /** A browser on this gateway carrying the cookies {@code browser} holds, as when a balancer moves it here. */
    public TestBrowser sameSessionAs(TestBrowser browser) {
        TestBrowser moved = browser();
        browser.cookies().forEach(moved::setCookie);
        return moved;
    }

    /**
     * Signs {@code user} in on this gateway through the upstream's form login and enrolls them with a new authenticator;
     * then moves the clock past the step the enrollment used, so the next code is accepted.
     */
    public Authenticator enroll(TestBrowser browser, String user, MutableClock clock) {
        assertThat(browser.postForm("/login", "email", user, "password", "right")
                        .location())
                .isEqualTo("/_gatehouse/enroll");
        TestBrowser.Page enroll = browser.get("/_gatehouse/enroll");
        Authenticator app = Authenticator.scan(enroll.body(), clock);
        assertThat(browser.postForm(
                                "/_gatehouse/enroll", "_csrf", Authenticator.csrf(enroll.body()), "token", app.code(0))
                        .status())
                .isEqualTo(303);
        clock.advance(Duration.ofSeconds(30));
        return app;
    }

    /** Signs {@code user} in and passes the challenge with a code from {@code app}. */
    public void signInWithCode(TestBrowser browser, String user, Authenticator app) {
        assertThat(browser.postForm("/login", "email", user, "password", "right")
                        .location())
                .isEqualTo("/_gatehouse/challenge");
        String csrf = Authenticator.csrf(browser.get("/_gatehouse/challenge").body());
        assertThat(browser.postForm("/_gatehouse/challenge", "_csrf", csrf, "code", app.code(0))
                        .status())
                .isEqualTo(303);
    }

    @Override
    public void close() {
        context.close();
    }
}
