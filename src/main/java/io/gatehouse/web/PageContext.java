package io.gatehouse.web;

import io.gatehouse.config.UiProperties;

/** What every page template gets besides its own data: the text, the branding and the asset URLs. */
public record PageContext(Messages msg, UiProperties ui, String stylesheetHref, String themeHref, String scriptHref) {

    /** The configured logo, or null for none. */
    public String logoUrl() {
        return ui.logoUrl() == null || ui.logoUrl().isBlank() ? null : ui.logoUrl();
    }
}
