package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatehouseCliTests {

    @TempDir
    Path dir;

    Path config;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writeConfig() throws Exception {
        config = dir.resolve("gatehouse.yml");
        Files.writeString(config, """
                gatehouse:
                  upstream:
                    url: http://127.0.0.1:8081
                  redis:
                    embedded: true
                  groups:
                    staff: ["*@example.org"]
                  policy:
                    default: required
                    rules:
                      - name: assets
                        paths: [/static/**]
                        policy: bypass
                      - name: wiki admin
                        paths: [/wiki]
                        query:
                          - { name: do, equals: admin }
                        policy: required
                        max-age: 5m
                      - name: staff reports
                        paths: [/reports/**]
                        groups: [staff]
                        policy: optional
                """);
    }

    @Test
    void policyCheckWhenUserInGroupThenPrintsMatchingRuleAndWhy() {
        int code = run("policy", "check", "GET", "/reports/q3", "Alice@Example.org", "--gatehouse.config=" + config);

        assertThat(code).isZero();
        assertThat(output())
                .contains("user: alice@example.org")
                .contains("assets")
                .contains("skipped")
                .contains("staff reports")
                .contains("MATCHED")
                .contains("Decision: optional");
    }

    @Test
    void policyCheckWhenAnonymousThenUserTargetedRuleDoesNotMatchAndDefaultApplies() {
        int code = run("policy", "check", "GET", "/reports/q3", "--gatehouse.config=" + config);

        assertThat(code).isZero();
        assertThat(output()).contains("(anonymous)").contains("Decision: required");
    }

    @Test
    void policyCheckWhenQueryConditionMatchesThenStepUpShown() {
        int code = run(
                "policy",
                "check",
                "GET",
                "https://intranet.example/wiki?do=admin",
                "bob@example.org",
                "--gatehouse.config=" + config);

        assertThat(code).isZero();
        assertThat(output()).contains("wiki admin").contains("max-age 5m").contains("host: intranet.example");
    }

    @Test
    void policyCheckWhenPathAmbiguousThenSaysFirewallRefusesIt() {
        int code = run("policy", "check", "GET", "/static/..%2fadmin", "--gatehouse.config=" + config);

        assertThat(code).isZero();
        assertThat(output()).startsWith("Refused before policy: the firewall answers 400");
    }

    @Test
    void policyCheckWhenArgumentsMissingThenUsageAndExitTwo() {
        assertThat(run("policy", "check", "GET")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage:");
    }

    @Test
    void policyCheckWhenConfigurationInvalidThenListsProblemsAndExitOne() throws Exception {
        Files.writeString(config, """
                gatehouse:
                  upstream:
                    url: localhost:8081
                  redis:
                    embedded: true
                  policy:
                    rules:
                      - paths: [admin/**]
                        policy: required
                """);

        int code = run("policy", "check", "GET", "/admin", "--gatehouse.config=" + config);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("gatehouse.upstream.url must be an absolute http(s) URL but was 'localhost:8081'")
                .contains("gatehouse.policy.rules[0].paths[0]");
    }

    @Test
    void policyCheckWhenHostNotServedThenSaysRefusedBeforePolicy() throws Exception {
        Files.writeString(
                config,
                Files.readString(config)
                        .replace("\n  groups:", "\n  server:\n    hosts: [intranet.example]\n  groups:"));

        int served =
                run("policy", "check", "GET", "https://intranet.example/reports/q3", "--gatehouse.config=" + config);
        int other = run("--gatehouse.config=" + config, "policy", "check", "GET", "https://evil.example/reports/q3");

        assertThat(served).isZero();
        assertThat(other).isZero();
        assertThat(output())
                .contains("Decision: required")
                .contains("Refused before policy: evil.example is not in gatehouse.server.hosts (421)");
    }

    private int run(String... args) {
        return GatehouseCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
