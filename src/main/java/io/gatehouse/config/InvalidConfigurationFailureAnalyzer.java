package io.gatehouse.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link InvalidConfigurationException} into a plain list for the operator, without a stack trace. */
final class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        StringBuilder description = new StringBuilder("Gatehouse's configuration has ")
                .append(cause.problems().size())
                .append(cause.problems().size() == 1 ? " problem:" : " problems:");
        cause.problems().forEach(problem -> description.append("\n  - ").append(problem));
        return new FailureAnalysis(
                description.toString(),
                "Correct the settings above in your configuration file (config/gatehouse.yml unless"
                        + " GATEHOUSE_CONFIG or --gatehouse.config names another) or the environment, then start again.",
                cause);
    }
}
