package io.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AnswersTests {

    @Test
    void jsonWhenLocationGivenThenErrorAndLocationFields() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/admin"));

        Answers.json(exchange, HttpStatus.UNAUTHORIZED, "second_factor_required", "/_gatehouse/challenge")
                .block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(exchange.getResponse().getHeaders().getCacheControl()).isEqualTo("no-store");
        assertThat(exchange.getResponse().getBodyAsString().block())
                .isEqualTo("{\"error\":\"second_factor_required\",\"location\":\"/_gatehouse/challenge\"}");
    }

    @Test
    void jsonWhenNoLocationThenOnlyTheErrorField() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/admin"));

        Answers.json(exchange, HttpStatus.SERVICE_UNAVAILABLE, "unavailable", null)
                .block();

        assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"error\":\"unavailable\"}");
    }

    @Test
    void jsonWhenValuesHoldQuotesBackslashesAndControlsThenValidJsonWithTheSameValues() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/admin"));
        String error = "a\"b\\c\u0000d\ne\u001ff</script>";
        String location = "/x?q=\"},\"admin\":true,\"y\":\"\r\n\t\u2028";

        Answers.json(exchange, HttpStatus.FORBIDDEN, error, location).block();

        String body = exchange.getResponse().getBodyAsString().block();
        JsonNode json = JsonMapper.shared().readTree(body);
        assertThat(json.properties()).hasSize(2);
        assertThat(json.get("error").asString()).isEqualTo(error);
        assertThat(json.get("location").asString()).isEqualTo(location);
        assertThat(body).doesNotContain("\n", "\r", "\t", "\u0000");
    }
}
