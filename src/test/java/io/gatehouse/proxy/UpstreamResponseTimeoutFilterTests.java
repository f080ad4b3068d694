package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class UpstreamResponseTimeoutFilterTests {

    final UpstreamResponseTimeoutFilter filter = new UpstreamResponseTimeoutFilter(Duration.ofMillis(300));

    @AfterEach
    void stopTimer() {
        filter.destroy();
    }

    @Test
    void filterWhenResponseHeadersArriveInTimeThenRoutingCompletesAndNoLateError() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/reports"));
        AtomicInteger signals = new AtomicInteger();

        StepVerifier.create(
                        filter.filter(exchange, routed -> Mono.<Void>empty().delaySubscription(Duration.ofMillis(50)))
                                .doOnEach(signal -> signals.incrementAndGet()))
                .verifyComplete();

        // Past the deadline, nothing else arrives: the deadline was cancelled with the request.
        Mono.delay(Duration.ofMillis(600)).block();
        assertThat(signals).hasValue(1);
    }

    @Test
    void filterWhenNoResponseHeadersWithinTimeoutThenGatewayTimeoutAndRoutingCancelled() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/reports/slow"));
        AtomicBoolean abandoned = new AtomicBoolean();

        StepVerifier.create(filter.filter(exchange, routed -> Mono.<Void>never().doOnCancel(() -> abandoned.set(true))))
                .expectErrorSatisfies(error -> {
                    assertThat(error)
                            .isInstanceOf(ResponseStatusException.class)
                            .hasCauseInstanceOf(TimeoutException.class);
                    assertThat(((ResponseStatusException) error).getStatusCode())
                            .isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
                })
                .verify(Duration.ofSeconds(5));
        assertThat(abandoned).isTrue();
    }

    @Test
    void filterWhenRoutingFailsBeforeTimeoutThenThatErrorPasses() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
        IllegalStateException refused = new IllegalStateException("connection refused");

        StepVerifier.create(filter.filter(exchange, routed -> Mono.error(refused)))
                .expectErrorMatches(error -> error == refused)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void filterWhenWebSocketUpgradeThenNotTimed() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/admin/ws")
                .header(HttpHeaders.UPGRADE, "WebSocket")
                .header(HttpHeaders.CONNECTION, "Upgrade"));

        StepVerifier.create(filter.filter(exchange, routed -> Mono.never()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(900))
                .thenCancel()
                .verify();
    }

    @Test
    void filterWhenManyRequestsThenEachTimedOnItsOwn() {
        int requests = 200;
        AtomicInteger timedOut = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        for (int i = 0; i < requests; i++) {
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/page/" + i));
            Mono<Void> upstream = i % 2 == 0 ? Mono.empty() : Mono.never();
            filter.filter(exchange, routed -> upstream)
                    .subscribe(null, error -> timedOut.incrementAndGet(), completed::incrementAndGet);
        }

        Mono.delay(Duration.ofMillis(1500)).block();
        assertThat(completed).hasValue(requests / 2);
        assertThat(timedOut).hasValue(requests / 2);
    }
}
