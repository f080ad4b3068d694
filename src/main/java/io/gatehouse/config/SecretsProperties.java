package io.gatehouse.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gatehouse.secrets.*}: where the demo keeps its generated encryption key; production takes the key
 * from the {@code GATEHOUSE_SECRET_KEY} environment variable instead and never reads this file.
 */
public record SecretsProperties(
        @DefaultValue("data/secret.key") Path keyFile) {

    public static SecretsProperties defaults() {
        return new SecretsProperties(Path.of("data/secret.key"));
    }

    public void validate(ConfigErrors errors) {
        if (keyFile == null || keyFile.toString().isBlank()) {
            errors.missing("gatehouse.secrets.key-file", "the demo key file path, e.g. ./data/secret.key");
        }
    }
}
