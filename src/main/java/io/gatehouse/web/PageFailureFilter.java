package io.gatehouse.web;

import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The filter on the routes of Gatehouse's own pages that answers the failures a page expects (a refused form, the
 * store unavailable) with their page, in this one place; anything else goes on to the error handler.
 */
public final class PageFailureFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private final PageRenderer pages;

    public PageFailureFilter(PageRenderer pages) {
        this.pages = pages;
    }

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        // Deferred so that a handler throwing before it returns is answered the same way as one that fails later.
        return Mono.defer(() -> next.handle(request)).onErrorResume(error -> pages.failure(request, error));
    }
}
