package io.gatehouse.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a malformed encryption key without ever printing it. */
final class InvalidSecretKeyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSecretKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSecretKeyException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set GATEHOUSE_SECRET_KEY to the base64 of 32 random bytes (openssl rand -base64 32),"
                        + " optionally as id:base64.",
                cause);
    }
}
