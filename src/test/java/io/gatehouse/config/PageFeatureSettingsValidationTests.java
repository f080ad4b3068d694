package io.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/** Validation of {@code gatehouse.ui.inject.*} and {@code gatehouse.challenge.*}, and the demo's file using them. */
class PageFeatureSettingsValidationTests {

    @Test
    void injectWhenPathOrMarkerBadThenEachKeyNamed() {
        ConfigErrors errors = new ConfigErrors();
        new UiProperties.Inject(List.of("/profile", "profile", "/a/{"), "line\nbreak").validate(errors);
        assertThat(String.join("\n", errors.messages()))
                .contains("gatehouse.ui.inject.paths[1]", "gatehouse.ui.inject.paths[2]", "gatehouse.ui.inject.after")
                .doesNotContain("paths[0]");
    }

    @Test
    void rememberBrowserWhenOutsideOneToNinetyDaysThenRejected() {
        for (Duration bad : new Duration[] {Duration.ofDays(91), Duration.ofHours(12)}) {
            ConfigErrors errors = new ConfigErrors();
            new ChallengeProperties(bad).validate(errors);
            assertThat(errors.messages()).singleElement().asString().contains("gatehouse.challenge.remember-browser");
        }
        ConfigErrors errors = new ConfigErrors();
        new ChallengeProperties(Duration.ofDays(90)).validate(errors);
        ChallengeProperties.defaults().validate(errors);
        assertThat(errors.isEmpty()).isTrue();
    }

    @Test
    void demoConfigurationWhenLoadedThenInjectsIntoTheProfileNavigation() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader()
                .load("demo", new FileSystemResource("config/gatehouse.yml"))
                .forEach(source -> environment.getPropertySources().addFirst(source));

        GatehouseProperties properties = GatehousePropertiesLoader.load(environment);

        assertThat(properties.ui().inject().paths()).containsExactly("/profile");
        assertThat(properties.ui().inject().after()).isEqualTo("<nav class=\"account-nav\" aria-label=\"Account\">");
        assertThat(properties.challenge().remembersBrowsers()).isFalse();
    }
}
