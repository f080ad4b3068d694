package io.gatehouse.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains that Gatehouse needs its encryption key before it starts. */
final class SecretKeyFailureAnalyzer extends AbstractFailureAnalyzer<MissingSecretKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingSecretKeyException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Generate a key once (openssl rand -base64 32), keep a backup, and start Gatehouse with"
                        + " GATEHOUSE_SECRET_KEY set to it. To try Gatehouse without one, run the demo profile.",
                cause);
    }
}
