package io.gatehouse.enforcement;

import io.gatehouse.web.ExchangeAttributes;
import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Adds Gatehouse's fragment (see {@link HtmlInjection}) to the upstream's HTML page when the enforcement
 * asked for it on this request; every other response streams through untouched. It asks the upstream for an
 * uncompressed page so that the markup can be found.
 */
public final class HtmlInjectionFilter implements GlobalFilter, Ordered {

    /** Inside the response observer: a page the observer replaces is never injected into. */
    public static final int ORDER = UpstreamResponseFilter.ORDER - 1;

    /** The {@link HtmlInjection} for this request. */
    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        HtmlInjection injection = exchange.getAttribute(ExchangeAttributes.HTML_INJECTION);
        if (injection == null) {
            return chain.filter(exchange);
        }
        ServerWebExchange uncompressed = exchange.mutate()
                .request(request -> request.headers(headers -> headers.remove(HttpHeaders.ACCEPT_ENCODING)))
                .build();
        return chain.filter(uncompressed
                .mutate()
                .response(new Injecting(exchange.getResponse(), injection))
                .build());
    }

    private static final class Injecting extends ServerHttpResponseDecorator {

        private final HtmlInjection injection;

        Injecting(ServerHttpResponse delegate, HtmlInjection injection) {
            super(delegate);
            this.injection = injection;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            if (!isPlainHtmlPage()) {
                return super.writeWith(body);
            }
            getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
            return super.writeWith(injection.apply(Flux.from(body), bufferFactory()));
        }

        private boolean isPlainHtmlPage() {
            HttpHeaders headers = getHeaders();
            MediaType type = headers.getContentType();
            String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
            return HttpStatus.OK.equals(getStatusCode())
                    && type != null
                    && type.isCompatibleWith(MediaType.TEXT_HTML)
                    && (encoding == null || "identity".equalsIgnoreCase(encoding));
        }
    }
}
