package io.gatehouse.config;

import org.springframework.boot.context.config.ConfigDataNotFoundException;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Names the missing configuration file and the two ways to point Gatehouse at another one. */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class MissingConfigFileFailureAnalyzer extends AbstractFailureAnalyzer<ConfigDataNotFoundException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigDataNotFoundException cause) {
        String where = cause.getReferenceDescription();
        if (cause instanceof ConfigDataResourceNotFoundException notFound && notFound.getLocation() != null) {
            where = notFound.getLocation().getValue().replaceFirst("^(optional:)?file:", "");
        }
        return new FailureAnalysis(
                "Gatehouse's configuration file " + where + " does not exist.",
                "Run Gatehouse from the directory that holds config/gatehouse.yml, or name your file with"
                        + " --gatehouse.config=/path/to/gatehouse.yml or the environment variable GATEHOUSE_CONFIG.",
                cause);
    }
}
