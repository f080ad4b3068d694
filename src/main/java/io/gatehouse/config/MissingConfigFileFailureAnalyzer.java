package io.gatehouse.config;

import org.springframework.boot.context.config.ConfigDataLocationNotFoundException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Names the missing configuration file and the two ways to point Gatehouse at another one. */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class MissingConfigFileFailureAnalyzer extends AbstractFailureAnalyzer<ConfigDataLocationNotFoundException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigDataLocationNotFoundException cause) {
        return new FailureAnalysis("Gatehouse's configuration file " + cause.getLocation() + " does not exist.",
                "Run Gatehouse from the directory that holds config/gatehouse.yml, or name your file with"
                        + " --gatehouse.config=/path/to/gatehouse.yml or the environment variable GATEHOUSE_CONFIG.",
                cause);
    }
}
