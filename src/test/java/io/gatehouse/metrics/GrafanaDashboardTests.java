package io.gatehouse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code config/grafana/gatehouse-dashboard.json} parses and queries only metrics that Gatehouse exposes. */
class GrafanaDashboardTests {

    private static final Pattern METRIC =
            Pattern.compile("\\b(gatehouse_[a-z_]+|spring_cloud_gateway_[a-z_]+|lettuce_[a-z_]+)");
    private static final Set<String> EXPOSED = Set.of(
            "gatehouse_challenges_total",
            "gatehouse_enrollments_total",
            "gatehouse_deactivations_total",
            "gatehouse_lockouts_total",
            "gatehouse_policy_decisions_total",
            "spring_cloud_gateway_requests_seconds_count",
            "spring_cloud_gateway_requests_seconds_bucket",
            "lettuce_command_completion_seconds_sum",
            "lettuce_command_completion_seconds_count",
            "lettuce_command_completion_seconds_max");

    private final JsonNode dashboard = new ObjectMapper()
            .readTree(Path.of("config/grafana/gatehouse-dashboard.json").toFile());

    @Test
    void dashboardWhenParsedThenHasPrometheusDataSourceVariableAndUniquePanelIds() {
        assertThat(dashboard.path("uid").asString()).isEqualTo("gatehouse-overview");
        JsonNode variable = dashboard.path("templating").path("list").get(0);
        assertThat(variable.path("type").asString()).isEqualTo("datasource");
        assertThat(variable.path("query").asString()).isEqualTo("prometheus");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("panel id %s", panel.path("id"))
                    .isTrue();
            if (!panel.path("type").asString().equals("row")) {
                assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
            }
        }
    }

    @Test
    void queriesWhenReadThenUseOnlyExposedMetricsAndCoverEachOfThem() {
        List<String> used = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher matcher = METRIC.matcher(target.path("expr").asString());
                while (matcher.find()) {
                    used.add(matcher.group(1));
                }
            }
        }
        assertThat(used).isSubsetOf(EXPOSED);
        assertThat(new HashSet<>(used)).containsExactlyInAnyOrderElementsOf(EXPOSED);
    }
}
