package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.config.ForwardHeadersProperties;
import io.gatehouse.config.MethodOverrideMode;
import io.gatehouse.web.ExchangeAttributes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class UpstreamRequestHeadersFilterTests {

    final UpstreamRequestHeadersFilter filter = new UpstreamRequestHeadersFilter(
            Set.of("gatehouse_session"), new ClientHeaderNames(ForwardHeadersProperties.defaults()));

    static MockServerWebExchange exchange(HttpHeaders headers) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/admin").headers(headers));
    }

    static HttpHeaders browserHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, "gatehouse_session=g1; LEGACYSESSID=s1");
        headers.add(HttpHeaders.COOKIE, "theme=dark");
        headers.add("X-Gatehouse-User", "admin@example.org");
        headers.add("X-Real-IP", "10.0.0.1");
        headers.add(HttpHeaders.ACCEPT, "text/html");
        return headers;
    }

    @Test
    void filterWhenRequestsOwnHeadersThenCopyChangedAndRequestUntouched() {
        MockServerWebExchange exchange = exchange(browserHeaders());
        HttpHeaders own = exchange.getRequest().getHeaders();

        HttpHeaders upstream = filter.filter(own, exchange);

        assertThat(upstream).isNotSameAs(own);
        assertThat(upstream.get(HttpHeaders.COOKIE)).containsExactly("LEGACYSESSID=s1", "theme=dark");
        assertThat(upstream.containsHeader("X-Gatehouse-User")).isFalse();
        assertThat(upstream.containsHeader("X-Real-IP")).isFalse();
        assertThat(upstream.getFirst(HttpHeaders.ACCEPT)).isEqualTo("text/html");
        assertThat(own.get(HttpHeaders.COOKIE)).containsExactly("gatehouse_session=g1; LEGACYSESSID=s1", "theme=dark");
        assertThat(own.getFirst("X-Gatehouse-User")).isEqualTo("admin@example.org");
    }

    @Test
    void filterWhenEarlierFilterMadeTheHeadersThenChangedInPlace() {
        MockServerWebExchange exchange = exchange(browserHeaders());
        HttpHeaders fromEarlierFilter = browserHeaders();

        HttpHeaders upstream = filter.filter(fromEarlierFilter, exchange);

        assertThat(upstream).isSameAs(fromEarlierFilter);
        assertThat(upstream.get(HttpHeaders.COOKIE)).containsExactly("LEGACYSESSID=s1", "theme=dark");
        assertThat(upstream.headerNames())
                .noneMatch(name -> name.equalsIgnoreCase("X-Gatehouse-User") || name.equalsIgnoreCase("X-Real-IP"));
    }

    @Test
    void filterWhenReadOnlyHeadersOfAnotherFilterThenCopyChanged() {
        MockServerWebExchange exchange = exchange(browserHeaders());
        HttpHeaders readOnly = HttpHeaders.readOnlyHttpHeaders(browserHeaders());

        HttpHeaders upstream = filter.filter(readOnly, exchange);

        assertThat(upstream).isNotSameAs(readOnly);
        assertThat(upstream.get(HttpHeaders.COOKIE)).containsExactly("LEGACYSESSID=s1", "theme=dark");
    }

    @Test
    void filterWhenOnlyGatehouseCookieThenNoCookieHeaderLeft() {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, "gatehouse_session=g1");
        MockServerWebExchange exchange = exchange(headers);

        HttpHeaders upstream = filter.filter(exchange.getRequest().getHeaders(), exchange);

        assertThat(upstream.containsHeader(HttpHeaders.COOKIE)).isFalse();
    }

    @Test
    void filterWhenNothingOfGatehousesThenSameHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, "LEGACYSESSID=s1");
        headers.add(HttpHeaders.ACCEPT, "text/html");
        MockServerWebExchange exchange = exchange(headers);
        HttpHeaders own = exchange.getRequest().getHeaders();

        assertThat(filter.filter(own, exchange)).isSameAs(own);
    }

    @Test
    void filterWhenIdentityHeadersConfiguredThenSetOverWhatTheBrowserSent() {
        MockServerWebExchange exchange = exchange(browserHeaders());
        exchange.getAttributes()
                .put(ExchangeAttributes.IDENTITY_HEADERS, Map.of("X-Gatehouse-User", "alice@example.org"));

        HttpHeaders upstream = filter.filter(exchange.getRequest().getHeaders(), exchange);

        assertThat(upstream.get("X-Gatehouse-User")).containsExactly("alice@example.org");
    }

    @Test
    void filterWhenIdentityHeadersInAnySpellingThenAllRemoved() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Remote-User", "admin");
        headers.add("X_Forwarded_User", "admin");
        headers.add("x-forwarded_email", "admin@example.org");
        headers.add("REMOTE_USER", "admin");
        headers.add("Cf-Connecting-Ip", "203.0.113.66");
        headers.add("X-Envoy-Original-Path", "/admin");
        headers.add("X_SSL_Client_S_DN", "CN=admin");
        headers.add("X-Auth-Anything", "1");
        headers.add("X-HTTP-Method-Override", "DELETE");
        headers.add("X-Request-Id", "kept");
        MockServerWebExchange exchange = exchange(headers);

        HttpHeaders upstream = filter.filter(exchange.getRequest().getHeaders(), exchange);

        assertThat(upstream.headerNames()).containsExactly("X-Request-Id");
    }

    @Test
    void filterWhenHeaderAllowedThenKeptInThatSpellingOnly() {
        UpstreamRequestHeadersFilter allowing = new UpstreamRequestHeadersFilter(
                Set.of("gatehouse_session"),
                new ClientHeaderNames(new ForwardHeadersProperties(
                        List.of("x-auth-"), List.of("X-Forwarded-User", "X-Auth-Token"), MethodOverrideMode.KEEP)));
        HttpHeaders headers = new HttpHeaders();
        headers.add("x-forwarded-user", "from-front-proxy");
        headers.add("X_Forwarded_User", "smuggled");
        headers.add("X-Auth-Token", "t");
        headers.add("X-Auth-User", "admin");
        headers.add("X-HTTP-Method-Override", "DELETE");
        headers.add("X_HTTP_Method_Override", "PUT");
        headers.add("Remote-User", "admin");
        MockServerWebExchange exchange = exchange(headers);

        HttpHeaders upstream = allowing.filter(exchange.getRequest().getHeaders(), exchange);

        assertThat(upstream.headerNames())
                .containsExactlyInAnyOrder("x-forwarded-user", "X-Auth-Token", "X-HTTP-Method-Override");
    }

    @Test
    void isRemovedWhenOrdinaryHeadersThenFalse() {
        ClientHeaderNames names = new ClientHeaderNames(ForwardHeadersProperties.defaults());

        assertThat(List.of(
                        "Accept",
                        "Cookie",
                        "Content-Type",
                        "Host",
                        "User-Agent",
                        "X-Requested-With",
                        "X-Forwarded-For",
                        "X-Forwarded-Host",
                        "X-Forwarded-Proto",
                        "Sec-Fetch-Mode",
                        "X-Csrf-Token",
                        "X",
                        "x-",
                        "Remote",
                        "X-Users"))
                .noneMatch(names::isRemoved);
        assertThat(List.of(
                        "x-gatehouse-user",
                        "X_GATEHOUSE_AUTH",
                        "X-Original-URL",
                        "True_Client_IP",
                        "client-ip",
                        "X-WEBAUTH-USER",
                        "Remote-Groups"))
                .allMatch(names::isRemoved);
    }

    @Test
    void isRemovedWhenOrdinaryBrowserHeadersThenNothingAllocated() {
        ClientHeaderNames names = new ClientHeaderNames(ForwardHeadersProperties.defaults());
        String[] browser = {
            "Host",
            "User-Agent",
            "Accept",
            "Accept-Language",
            "Accept-Encoding",
            "Connection",
            "Cookie",
            "Sec-Fetch-Mode",
            "Sec-Fetch-Site",
            "X-Requested-With",
            "Referer",
            "Cache-Control",
            "X_Custom_Header",
            "Content-Type"
        };
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int removed = 0;
        for (int i = 0; i < 50_000; i++) {
            for (int j = 0; j < browser.length; j++) {
                removed += names.isRemoved(browser[j]) ? 1 : 0;
            }
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            for (int j = 0; j < browser.length; j++) {
                removed += names.isRemoved(browser[j]) ? 1 : 0;
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // This runs for every header of every proxied request: no lower-cased copy, no normalised name.
        assertThat(removed).isZero();
        assertThat(allocated).isLessThan(1024);
    }
}
