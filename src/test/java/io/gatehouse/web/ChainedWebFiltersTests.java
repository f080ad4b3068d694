package io.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class ChainedWebFiltersTests {

    private final List<String> calls = new ArrayList<>();

    /** A filter from outside Gatehouse (Spring's). */
    private static WebFilter foreign() {
        return new org.springframework.web.filter.reactive.ServerWebExchangeContextFilter();
    }

    private WebFilter own(String name) {
        return new Own(name, calls);
    }

    private record Own(String name, List<String> calls) implements WebFilter {
        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            calls.add(name);
            if (name.startsWith("stop")) {
                return Mono.empty();
            }
            if (name.startsWith("throw")) {
                throw new IllegalStateException(name);
            }
            return chain.filter(exchange);
        }
    }

    @Test
    void foldWhenGatehouseFiltersAdjacentThenOneLinkInTheSameOrder() {
        WebFilter a = own("a");
        WebFilter b = own("b");
        WebFilter c = own("c");
        WebFilter x = foreign();
        WebFilter d = own("d");
        WebFilter y = foreign();
        List<WebFilter> filters = new ArrayList<>(List.of(a, b, c, x, d, y));

        ChainedWebFilters.fold(filters);

        assertThat(filters).hasSize(4);
        assertThat(((ChainedWebFilters) filters.get(0)).filters()).containsExactly(a, b, c);
        assertThat(filters.subList(1, 4)).containsExactly(x, d, y);
    }

    @Test
    void filterWhenEveryFilterPassesThenEachRunsOnceInOrderThenTheRestOfTheChain() {
        List<WebFilter> filters = new ArrayList<>(List.of(own("a"), own("b"), own("c")));
        ChainedWebFilters.fold(filters);
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));

        StepVerifier.create(filters.get(0).filter(exchange, done -> {
            calls.add("rest");
            return Mono.empty();
        })).verifyComplete();

        assertThat(calls).containsExactly("a", "b", "c", "rest");
    }

    @Test
    void filterWhenOneAnswersItselfThenLaterOnesAndTheRestNeverRun() {
        List<WebFilter> filters = new ArrayList<>(List.of(own("a"), own("stop"), own("c")));
        ChainedWebFilters.fold(filters);
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));

        StepVerifier.create(filters.get(0).filter(exchange, done -> {
            calls.add("rest");
            return Mono.empty();
        })).verifyComplete();

        assertThat(calls).containsExactly("a", "stop");
    }

    @Test
    void filterWhenInsideSpringsDeferredStepAndOneThrowsThenAnErrorSignal() {
        List<WebFilter> filters = new ArrayList<>(List.of(own("a"), own("throw")));
        ChainedWebFilters.fold(filters);
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));

        StepVerifier.create(Mono.defer(() -> filters.get(0).filter(exchange, done -> Mono.empty())))
                .verifyErrorMessage("throw");
    }
}
