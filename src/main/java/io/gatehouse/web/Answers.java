package io.gatehouse.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Short answers Gatehouse gives instead of the upstream's: redirects for browsers, JSON for scripts.
 * Every one is marked {@code no-store} so that no cache keeps a decision about one user for another.
 */
public final class Answers {

    private static final JsonMapper JSON = JsonMapper.shared();

    private Answers() {}

    /** Whether the client is a browser navigating (wants a page) rather than a script or API client. */
    public static boolean wantsHtml(ServerWebExchange exchange) {
        return GatehouseErrorHandler.wantsHtml(exchange);
    }

    /** Whether the request is a form a browser posted (url-encoded or multipart): it expects a page back, not JSON. */
    public static boolean isFormPost(ServerWebExchange exchange) {
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        return type != null
                && (type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)
                        || type.isCompatibleWith(MediaType.MULTIPART_FORM_DATA));
    }

    /** A 303 to a Gatehouse page or the upstream's login page (always a same-origin path). */
    public static Mono<Void> redirect(ServerWebExchange exchange, String location) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.SEE_OTHER);
        response.getHeaders().setLocation(java.net.URI.create(location));
        response.getHeaders().setCacheControl("no-store");
        return response.setComplete();
    }

    /** A JSON error such as {@code {"error":"second_factor_required","location":"/_gatehouse/challenge"}}. */
    public static Mono<Void> json(ServerWebExchange exchange, HttpStatus status, String error, String location) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setCacheControl("no-store");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        if (location != null) {
            body.put("location", location);
        }
        return writeJson(response, body);
    }

    /** {@code fields} as one JSON object, written by Jackson so that every value comes out escaped. */
    static Mono<Void> writeJson(ServerHttpResponse response, Map<String, String> fields) {
        DataBuffer buffer = response.bufferFactory().wrap(JSON.writeValueAsBytes(fields));
        return response.writeWith(Mono.just(buffer));
    }
}
