package io.gatehouse.web;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.gatehouse.config.UiProperties;
import io.gatehouse.store.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes every Gatehouse page: a precompiled jte template in the browser's language, with the branding, never
 * cached, and with a Content-Security-Policy that allows nothing inline and nothing from other sites.
 */
public final class PageRenderer {

    /** 403 "You don't have access to this page"; model: none. */
    public static final String DENY = "deny";
    /** 503 "temporarily unavailable"; model: none. */
    public static final String UNAVAILABLE = "unavailable";
    /** Any status; model: optional {@code title} and {@code message} ({@link Text}), else chosen by status. */
    public static final String ERROR = "error";

    public static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final Logger log = LoggerFactory.getLogger(PageRenderer.class);

    private final TemplateEngine engine;
    private final MessageBundles bundles;
    private final UiProperties ui;
    private final GatehouseAssets assets;

    public PageRenderer(TemplateEngine engine, MessageBundles bundles, UiProperties ui, GatehouseAssets assets) {
        this.engine = engine;
        this.bundles = bundles;
        this.ui = ui;
        this.assets = assets;
    }

    /**
     * Writes {@code template} (a name such as {@link #DENY}, without {@code .jte}) with {@code status} as the whole
     * response. For filters and the error handler; handlers use {@link #page}.
     */
    public Mono<Void> render(ServerWebExchange exchange, HttpStatusCode status, String template, Map<String, ?> model) {
        String body = html(bundles.forRequest(exchange.getRequest()), template, model);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(HTML);
        securityHeaders(headers);
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }

    /** The same page as a functional-endpoint response. */
    public Mono<ServerResponse> page(
            ServerRequest request, HttpStatusCode status, String template, Map<String, ?> model) {
        return page(request, status, template, model, headers -> {});
    }

    /** The same, with more headers (e.g. {@code Retry-After}). */
    public Mono<ServerResponse> page(
            ServerRequest request,
            HttpStatusCode status,
            String template,
            Map<String, ?> model,
            Consumer<HttpHeaders> moreHeaders) {
        String body = html(bundles.forRequest(request.exchange().getRequest()), template, model);
        return ServerResponse.status(status)
                .contentType(HTML)
                .headers(PageRenderer::securityHeaders)
                .headers(moreHeaders)
                .bodyValue(body);
    }

    /**
     * The page for a failure a page handler expects (a refused form, Redis unavailable); anything else goes on to
     * the error handler.
     */
    public Mono<ServerResponse> failure(ServerRequest request, Throwable error) {
        if (error instanceof CsrfRejectedException) {
            log.info("{} {} refused: {}", request.method(), request.path(), error.getMessage());
            return page(
                    request,
                    HttpStatus.FORBIDDEN,
                    ERROR,
                    Map.of("title", Text.of("csrf.title"), "message", Text.of("csrf.body"), "back", request.path()));
        }
        if (error instanceof StoreUnavailableException) {
            log.warn("{} {} -> 503: {}", request.method(), request.path(), error.getMessage());
            return page(request, HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, Map.of());
        }
        return Mono.error(error);
    }

    /** The finished HTML of {@code template} in the language of {@code msg}. */
    String html(Messages msg, String template, Map<String, ?> model) {
        Map<String, Object> params = new HashMap<>(model);
        params.put("page", new PageContext(msg, ui, assets.stylesheetHref(), assets.themeHref(), assets.scriptHref()));
        params.put("msg", msg);
        StringOutput output = new StringOutput();
        engine.render(template + ".jte", params, output);
        return output.toString();
    }

    /** The headers every Gatehouse page and asset error carries. */
    public static void securityHeaders(HttpHeaders headers) {
        headers.setCacheControl("no-store");
        headers.setPragma("no-cache");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Frame-Options", "DENY");
        headers.set("X-Content-Type-Options", "nosniff");
        // Not no-referrer: under it browsers send "Origin: null" on form posts, which the CSRF origin check refuses.
        headers.set("Referrer-Policy", "same-origin");
    }
}
