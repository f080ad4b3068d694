package io.gatehouse.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.proxy.PublicServerPort;
import io.gatehouse.web.ExchangeAttributes;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.headers.TrustedProxies;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

class HostWebFilterTests {

    static final ServedHosts HOSTS = new ServedHosts(List.of("app.example.org", "*.intranet.example"));

    final HostWebFilter filter = new HostWebFilter(
            HOSTS, TrustedProxies.from("10\\.0\\.0\\.1"), new PublicServerPort(), "/_gatehouse/verify");

    static MockServerHttpRequest.BaseBuilder<?> get(String host) {
        return MockServerHttpRequest.get("http://" + host + "/admin")
                .header("Host", host)
                .remoteAddress(new InetSocketAddress("203.0.113.9", 50000));
    }

    /** The exchange the next filter saw, or null when this filter answered. */
    ServerWebExchange run(MockServerWebExchange exchange) {
        exchange.getAttributes()
                .put(
                        ExchangeAttributes.CANONICAL_PATH,
                        exchange.getRequest().getURI().getPath());
        AtomicReference<ServerWebExchange> passed = new AtomicReference<>();
        filter.filter(exchange, next -> {
                    passed.set(next);
                    return reactor.core.publisher.Mono.empty();
                })
                .block();
        return passed.get();
    }

    @Test
    void filterWhenListedHostWithPortThenPassesAndHostRecorded() {
        ServerWebExchange passed = run(MockServerWebExchange.from(get("APP.example.org:8443")));

        assertThat(passed).isNotNull();
        assertThat(RequestHost.of(passed)).isEqualTo("APP.example.org:8443");
    }

    @Test
    void filterWhenSubdomainOfWildcardThenPasses() {
        assertThat(run(MockServerWebExchange.from(get("wiki.intranet.example"))))
                .isNotNull();
        assertThat(run(MockServerWebExchange.from(get("intranet.example")))).isNull();
    }

    @Test
    void filterWhenOtherHostThen421() {
        MockServerWebExchange exchange = MockServerWebExchange.from(get("internal.example.org"));

        assertThat(run(exchange)).isNull();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.MISDIRECTED_REQUEST);
    }

    @Test
    void filterWhenForwardedHostFromUntrustedClientNotListedThen421() {
        MockServerWebExchange exchange =
                MockServerWebExchange.from(get("app.example.org").header("X-Forwarded-Host", "internal.example.org"));

        assertThat(run(exchange)).isNull();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.MISDIRECTED_REQUEST);
    }

    @Test
    void filterWhenForwardedHostFromTrustedProxyThenItIsTheHost() {
        MockServerWebExchange exchange =
                MockServerWebExchange.from(MockServerHttpRequest.get("http://gatehouse:8080/admin")
                        .header("Host", "gatehouse:8080")
                        .remoteAddress(new InetSocketAddress("10.0.0.1", 40000))
                        .header("X-Forwarded-Host", "evil.example, app.example.org"));

        ServerWebExchange passed = run(exchange);

        assertThat(passed).isNotNull();
        assertThat(RequestHost.of(passed)).isEqualTo("app.example.org");
    }

    @Test
    void filterWhenTrustedProxyForwardsOtherHostThen421() {
        MockServerWebExchange exchange =
                MockServerWebExchange.from(MockServerHttpRequest.get("http://app.example.org/admin")
                        .header("Host", "app.example.org")
                        .remoteAddress(new InetSocketAddress("10.0.0.1", 40000))
                        .header("X-Forwarded-Host", "internal.example.org"));

        assertThat(run(exchange)).isNull();
    }

    @Test
    void filterWhenVerifyCallThenLeftToForwardAuth() {
        MockServerWebExchange exchange =
                MockServerWebExchange.from(MockServerHttpRequest.get("http://gatehouse:8080/_gatehouse/verify"));

        assertThat(run(exchange)).isNotNull();
    }

    @Test
    void filterWhenManagementPortThenNotChecked() {
        MockServerWebExchange exchange =
                MockServerWebExchange.from(get("evil.example").localAddress(new InetSocketAddress("127.0.0.1", 9090)));

        assertThat(run(exchange)).isNotNull();
    }

    @Test
    void filterWhenNoHostsListedThenEveryHostPasses() {
        HostWebFilter open = new HostWebFilter(new ServedHosts(List.of()), null, new PublicServerPort(), null);
        MockServerWebExchange exchange = MockServerWebExchange.from(get("evil.example"));
        AtomicReference<ServerWebExchange> passed = new AtomicReference<>();

        open.filter(exchange, next -> {
                    passed.set(next);
                    return reactor.core.publisher.Mono.empty();
                })
                .block();

        assertThat(passed.get()).isNotNull();
        assertThat(RequestHost.of(passed.get())).isEqualTo("evil.example");
    }
}
