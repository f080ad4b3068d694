package io.gatehouse.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.GatehousePropertiesLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/** The README's example configuration is one Gatehouse accepts, and it means what the README says it means. */
class ReadmeExampleTests {

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(gatehouse:.*?)```", Pattern.DOTALL);

    @Test
    void exampleConfigurationWhenLoadedThenValidAndSiteNameIsTheIssuer() throws Exception {
        Matcher block = YAML_BLOCK.matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        assertThat(block.find())
                .as("README.md has a ```yaml block starting with 'gatehouse:'")
                .isTrue();
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader()
                .load("README example", new ByteArrayResource(block.group(1).getBytes(StandardCharsets.UTF_8)))
                .forEach(environment.getPropertySources()::addFirst);

        GatehouseProperties properties = GatehousePropertiesLoader.load(environment);

        assertThat(properties.upstream().origin()).isEqualTo("http://10.0.0.12:80");
        assertThat(properties.ui().siteName()).isEqualTo("Council Intranet");
        assertThat(properties.totp().issuer()).isEqualTo("Council Intranet");
    }
}
