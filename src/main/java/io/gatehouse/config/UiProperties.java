package io.gatehouse.config;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Gatehouse's own pages present themselves ({@code gatehouse.ui.*}).
 *
 * @param siteName the name users know the protected site by, shown in page titles and headings
 * @param logoUrl a logo image on the same origin (e.g. {@code /static/logo.svg}); none when empty
 * @param accentColour the colour of buttons and links, as {@code #rrggbb}
 * @param contact who to ask for help, shown on the lockout and error pages
 * @param language the one language every page is shown in (e.g. {@code cy}); when empty, each browser's
 *        {@code Accept-Language} chooses among the bundled languages, English otherwise
 */
public record UiProperties(
        @DefaultValue("Gatehouse") String siteName,
        String logoUrl,
        @DefaultValue("#1d4ed8") String accentColour,
        @DefaultValue("your site administrator") String contact,
        String language) {

    /** The bundled page languages: English is the base bundle, the others are {@code messages/gatehouse_xx}. */
    static final String BASE_LANGUAGE = "en";

    /** The configured language, or null when the browser chooses. */
    public String forcedLanguage() {
        return language == null || language.isBlank() ? null : language.trim().toLowerCase(java.util.Locale.ROOT);
    }

    void validate(ConfigErrors errors) {
        if (siteName == null || siteName.isBlank() || siteName.length() > 80) {
            errors.reject("gatehouse.ui.site-name", siteName, "must be 1 to 80 characters");
        }
        if (logoUrl != null && !logoUrl.isEmpty() && (!logoUrl.startsWith("/") || logoUrl.startsWith("//"))) {
            errors.reject("gatehouse.ui.logo-url", logoUrl, "must be a path on this site starting with '/'");
        }
        if (accentColour == null || !accentColour.matches("#[0-9a-fA-F]{6}")) {
            errors.reject("gatehouse.ui.accent-colour", accentColour, "must be a colour like #1d4ed8");
        }
        if (contact == null || contact.isBlank() || contact.length() > 200) {
            errors.reject("gatehouse.ui.contact", contact, "must be 1 to 200 characters");
        }
        String forced = forcedLanguage();
        if (forced != null && !isBundled(forced)) {
            errors.reject("gatehouse.ui.language", language,
                    "must be empty (the browser chooses) or a bundled language such as en or cy");
        }
    }

    private static boolean isBundled(String language) {
        return language.equals(BASE_LANGUAGE) || language.matches("[a-z]{2,3}")
                && UiProperties.class.getClassLoader().getResource("messages/gatehouse_" + language + ".properties") != null;
    }
}
