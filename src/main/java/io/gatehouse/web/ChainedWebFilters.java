package io.gatehouse.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gatehouse's web filters (firewall, client address, forward-auth, enforcement) run as one link of Spring's filter
 * chain. Spring's chain wraps every filter in a deferred, checkpointed step, which costs an operator and a string per
 * filter on every request; these filters run one after another within a single step, in the same order, each calling
 * the next as it would call Spring's chain. An exception a filter throws still ends as an error signal: the whole
 * link runs inside Spring's deferred step.
 */
final class ChainedWebFilters implements WebFilter, Ordered {

    private final WebFilter[] filters;
    private final int order;

    private ChainedWebFilters(List<WebFilter> filters) {
        this.filters = filters.toArray(WebFilter[]::new);
        this.order = filters.get(0) instanceof Ordered ordered ? ordered.getOrder() : Ordered.LOWEST_PRECEDENCE;
    }

    /**
     * Replaces every run of two or more adjacent Gatehouse filters in Spring's sorted {@code filters} with one
     * {@link ChainedWebFilters}; the order of all filters stays as it was.
     */
    static void fold(List<WebFilter> filters) {
        List<WebFilter> folded = new ArrayList<>(filters.size());
        List<WebFilter> run = new ArrayList<>();
        for (WebFilter filter : filters) {
            if (isGatehouse(filter)) {
                run.add(filter);
                continue;
            }
            flush(run, folded);
            folded.add(filter);
        }
        flush(run, folded);
        filters.clear();
        filters.addAll(folded);
    }

    private static void flush(List<WebFilter> run, List<WebFilter> folded) {
        if (run.size() == 1) {
            folded.add(run.get(0));
        } else if (run.size() > 1) {
            folded.add(new ChainedWebFilters(run));
        }
        run.clear();
    }

    private static boolean isGatehouse(WebFilter filter) {
        return filter.getClass().getName().startsWith("io.gatehouse.");
    }

    /** The filters in this link, in the order they run. */
    List<WebFilter> filters() {
        return List.of(filters);
    }

    @Override
    public int getOrder() {
        return order;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return new Next(0, chain).filter(exchange);
    }

    /** The rest of the link from filter {@code index}, then Spring's chain. */
    private final class Next implements WebFilterChain {

        private final int index;
        private final WebFilterChain rest;

        Next(int index, WebFilterChain rest) {
            this.index = index;
            this.rest = rest;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange) {
            return index == filters.length ? rest.filter(exchange)
                    : filters[index].filter(exchange, new Next(index + 1, rest));
        }
    }
}
