package io.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.config.UiProperties;
import org.junit.jupiter.api.Test;

class ThemeCssTests {

    @Test
    void ofWhenDarkAccentThenWhiteButtonTextAndAccentLinks() {
        String css = ThemeCss.of(new UiProperties("Site", null, "#1D4ED8", "admin", null));

        assertThat(css).contains("--gh-accent:#1d4ed8", "--gh-on-accent:#ffffff", "--gh-link:#1d4ed8");
    }

    @Test
    void ofWhenPaleAccentThenDarkButtonTextAndDarkLinks() {
        String css = ThemeCss.of(new UiProperties("Site", null, "#fde047", "admin", null));

        assertThat(css).contains("--gh-accent:#fde047", "--gh-on-accent:#111827", "--gh-link:#111827");
    }

    @Test
    void contrastWhenBlackOnWhiteThen21() {
        assertThat(ThemeCss.contrast("#000000", "#ffffff")).isCloseTo(21.0, org.assertj.core.data.Offset.offset(0.01));
    }
}
