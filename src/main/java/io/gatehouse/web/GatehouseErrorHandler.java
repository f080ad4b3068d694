package io.gatehouse.web;

import io.gatehouse.store.RedisErrors;
import io.gatehouse.store.StoreUnavailableException;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The one place where failures become answers: a short page for browsers, JSON for everything else,
 * one log line with the detail, never a stack trace or an internal message to the client.
 */
@Order(-2) // before Spring Boot's default handler (-1)
public final class GatehouseErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatehouseErrorHandler.class);

    private final PageRenderer pages;

    GatehouseErrorHandler(PageRenderer pages) {
        this.pages = pages;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            // Part of an upstream answer already went out; all that is left is to cut the connection.
            log.warn(
                    "{} {} failed after the response started: {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    error.toString());
            return Mono.error(error);
        }
        Failure failure = classify(error);
        if (failure.status().is5xxServerError()) {
            log.warn(
                    "{} {} -> {}: {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    failure.status().value(),
                    describe(error));
        }
        return write(exchange, failure);
    }

    private static Failure classify(Throwable error) {
        // Fail closed with its own answer: Redis being down is never reported as a wrong code.
        if (hasCause(error, StoreUnavailableException.class)
                || RedisErrors.isRedisFailure(error)
                || hasCause(error, io.lettuce.core.RedisException.class)) {
            return new Failure(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "temporarily_unavailable",
                    "Sign-in checks are temporarily unavailable, so this page cannot be shown. Please try again in a minute.",
                    null,
                    null);
        }
        if (hasCause(error, org.springframework.core.io.buffer.DataBufferLimitException.class)) {
            return new Failure(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "request_too_large",
                    "The request is too large.",
                    Text.of("error.tooLarge.title"),
                    Text.of("error.tooLarge.body"));
        }
        if (hasCause(error, ConnectException.class) || hasCause(error, ConnectTimeoutException.class)) {
            return new Failure(
                    HttpStatus.BAD_GATEWAY,
                    "upstream_unreachable",
                    "The application behind Gatehouse cannot be reached right now. Please try again shortly.",
                    Text.of("error.upstream.title"),
                    Text.of("error.upstreamUnreachable.body"));
        }
        // The upstream's certificate failed verification (or the handshake did): never retried without checks.
        if (hasCause(error, javax.net.ssl.SSLException.class)) {
            return new Failure(
                    HttpStatus.BAD_GATEWAY,
                    "upstream_unreachable",
                    "The application behind Gatehouse cannot be reached right now. Please try again shortly.",
                    Text.of("error.upstream.title"),
                    Text.of("error.upstreamUnreachable.body"));
        }
        if (hasCause(error, TimeoutException.class)
                || error instanceof ResponseStatusException rse
                        && rse.getStatusCode().value() == 504) {
            return new Failure(
                    HttpStatus.GATEWAY_TIMEOUT,
                    "upstream_timeout",
                    "The application behind Gatehouse took too long to answer. Please try again.",
                    Text.of("error.upstream.title"),
                    Text.of("error.upstreamTimeout.body"));
        }
        if (error instanceof ResponseStatusException rse && rse.getStatusCode().is4xxClientError()) {
            HttpStatus status = HttpStatus.resolve(rse.getStatusCode().value());
            HttpStatus resolved = status != null ? status : HttpStatus.BAD_REQUEST;
            return switch (resolved) {
                case NOT_FOUND ->
                    new Failure(
                            resolved,
                            "request_refused",
                            resolved.getReasonPhrase() + ".",
                            Text.of("error.notFound.title"),
                            Text.of("error.notFound.body"));
                case METHOD_NOT_ALLOWED ->
                    new Failure(
                            resolved,
                            "request_refused",
                            resolved.getReasonPhrase() + ".",
                            Text.of("error.methodNotAllowed.title"),
                            Text.of("error.methodNotAllowed.body"));
                default ->
                    new Failure(
                            resolved,
                            "request_refused",
                            resolved.getReasonPhrase() + ".",
                            Text.of("error.badRequest.title"),
                            Text.of("error.badRequest.body"));
            };
        }
        return new Failure(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal_error",
                "Something went wrong in Gatehouse. Please try again; if it keeps happening, contact your administrator.",
                null,
                null);
    }

    private Mono<Void> write(ServerWebExchange exchange, Failure failure) {
        ServerHttpResponse response = exchange.getResponse();
        // Whatever the upstream had put here (its cookies above all) must not reach the browser with an error.
        response.getHeaders().clear();
        if (wantsHtml(exchange)) {
            if (failure.status() == HttpStatus.SERVICE_UNAVAILABLE) {
                return pages.render(exchange, failure.status(), PageRenderer.UNAVAILABLE, Map.of());
            }
            if (failure.status() == HttpStatus.FORBIDDEN) {
                return pages.render(exchange, failure.status(), PageRenderer.DENY, Map.of());
            }
            return pages.render(
                    exchange,
                    failure.status(),
                    PageRenderer.ERROR,
                    failure.title() == null ? Map.of() : Map.of("title", failure.title(), "message", failure.text()));
        }
        response.setStatusCode(failure.status());
        HttpHeaders headers = response.getHeaders();
        headers.setCacheControl("no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.setContentType(MediaType.APPLICATION_JSON);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", failure.code());
        body.put("message", failure.message());
        return Answers.writeJson(response, body);
    }

    /** Browsers navigating get a page; XHR, API clients and anything not asking for HTML get JSON. */
    static boolean wantsHtml(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if ("XMLHttpRequest".equalsIgnoreCase(headers.getFirst("X-Requested-With"))) {
            return false;
        }
        List<MediaType> accept = headers.getAccept();
        return accept.stream().anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? error.toString() : error.getClass().getSimpleName() + " caused by " + root;
    }

    /** {@code title} and {@code text} are the page's; null for the generic error page. */
    private record Failure(HttpStatus status, String code, String message, Text title, Text text) {}
}
