package io.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.gatehouse.config.UiProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class PageRendererTests {

    private final UiProperties ui =
            new UiProperties("Acme <Admin> & Co", "/static/logo.svg", "#1d4ed8", "the IT desk on 0123", null);
    private final PageRenderer renderer = new PageRenderer(
            TemplateEngine.createPrecompiled(ContentType.Html), new MessageBundles(), ui, new GatehouseAssets(ui));

    @Test
    void renderWhenDenyThen403PageWithSecurityHeaders() {
        MockServerWebExchange exchange = exchange();

        renderer.render(exchange, HttpStatus.FORBIDDEN, PageRenderer.DENY, Map.of())
                .block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        HttpHeaders headers = exchange.getResponse().getHeaders();
        assertThat(headers.getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo("text/html;charset=UTF-8");
        assertThat(headers.getFirst(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
        assertThat(headers.getFirst(HttpHeaders.PRAGMA)).isEqualTo("no-cache");
        assertThat(headers.getFirst("Content-Security-Policy")).isEqualTo(PageRenderer.CONTENT_SECURITY_POLICY);
        assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(body(exchange))
                .contains(
                        "<h1>You don't have access to this page</h1>",
                        "contact the IT desk on 0123",
                        "<img class=\"gh-logo\" src=\"/static/logo.svg\" alt=\"\"");
    }

    @Test
    void renderWhenUnavailableThen503PageSayingTryAgain() {
        MockServerWebExchange exchange = exchange();

        renderer.render(exchange, HttpStatus.SERVICE_UNAVAILABLE, PageRenderer.UNAVAILABLE, Map.of())
                .block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(body(exchange)).contains("Sign-in is temporarily unavailable", "try again");
    }

    @Test
    void renderWhenBrandingHasMarkupThenEscaped() {
        MockServerWebExchange exchange = exchange();

        renderer.render(
                        exchange,
                        HttpStatus.NOT_FOUND,
                        PageRenderer.ERROR,
                        Map.of("title", Text.of("error.notFound.title"), "message", Text.of("error.notFound.body")))
                .block();

        assertThat(body(exchange))
                .contains("Acme &lt;Admin&gt; &amp; Co")
                .doesNotContain("<Admin>")
                .contains("<h1>Page not found</h1>", "<html lang=\"en\">");
    }

    @Test
    void renderWhenAnyPageThenNoInlineScriptOrStyleAndNothingFromOtherSites() {
        MockServerWebExchange exchange = exchange();

        renderer.render(exchange, HttpStatus.FORBIDDEN, PageRenderer.DENY, Map.of())
                .block();

        assertThat(body(exchange))
                .doesNotContain("<style", "style=", "onclick", "http://", "https://")
                .containsPattern("<script src=\"/_gatehouse/assets/gatehouse\\.js\\?v=[0-9a-f]+\" defer></script>");
    }

    private static MockServerWebExchange exchange() {
        return MockServerWebExchange.from(
                MockServerHttpRequest.get("/admin").header(HttpHeaders.ACCEPT_LANGUAGE, "en-GB"));
    }

    private static String body(MockServerWebExchange exchange) {
        return exchange.getResponse().getBodyAsString().block();
    }
}
