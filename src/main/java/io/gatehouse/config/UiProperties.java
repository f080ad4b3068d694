package io.gatehouse.config;

import java.util.List;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * How Gatehouse's own pages present themselves ({@code gatehouse.ui.*}).
 *
 * @param siteName the name users know the protected site by, shown in page titles and headings
 * @param logoUrl a logo image on the same origin (e.g. {@code /static/logo.svg}); none when empty
 * @param accentColour the colour of buttons and links, as {@code #rrggbb}
 * @param contact who to ask for help, shown on the lockout and error pages
 * @param language the one language every page is shown in (e.g. {@code cy}); when empty, each browser's
 *        {@code Accept-Language} chooses among the bundled languages, English otherwise
 * @param inject the upstream pages that get a link to Gatehouse's account page
 */
public record UiProperties(
        @DefaultValue("Gatehouse") String siteName,
        String logoUrl,
        @DefaultValue("#1d4ed8") String accentColour,
        @DefaultValue("your site administrator") String contact,
        String language,
        @DefaultValue Inject inject) {

    /** The bundled page languages: English is the base bundle, the others are {@code messages/gatehouse_xx}. */
    static final String BASE_LANGUAGE = "en";

    /** The longest marker accepted: it must be found within the start of a page. */
    static final int MAX_MARKER = 200;

    @ConstructorBinding
    public UiProperties {
        inject = inject == null ? Inject.none() : inject;
    }

    /** Settings without injection and with the browser choosing the language (tests and the CLI). */
    public UiProperties(String siteName, String logoUrl, String accentColour, String contact) {
        this(siteName, logoUrl, accentColour, contact, null, Inject.none());
    }

    /** Settings without injection. */
    public UiProperties(String siteName, String logoUrl, String accentColour, String contact, String language) {
        this(siteName, logoUrl, accentColour, contact, language, Inject.none());
    }

    /** The configured language, or null when the browser chooses. */
    public String forcedLanguage() {
        return language == null || language.isBlank() ? null : language.trim().toLowerCase(java.util.Locale.ROOT);
    }
    /**
     * {@code gatehouse.ui.inject.*}: a "Two-factor authentication" link to the account page, added to the upstream's
     * HTML pages at these paths for signed-in users, so that they find the account page from inside the site.
     *
     * @param paths path patterns ({@code /profile}, {@code /settings/**}); none means no page is changed
     * @param after a literal piece of the page's markup after which the link goes (e.g. {@code <nav class="account">});
     *     empty means right after the opening {@code <body>} tag
     */
    public record Inject(List<String> paths, String after) {

        public Inject {
            paths = paths == null ? List.of() : List.copyOf(paths);
            after = after == null || after.isEmpty() ? null : after;
        }

        public static Inject none() {
            return new Inject(List.of(), null);
        }

        void validate(ConfigErrors errors) {
            PathPatternParser parser = new PathPatternParser();
            for (int i = 0; i < paths.size(); i++) {
                String key = "gatehouse.ui.inject.paths[" + i + "]";
                String path = paths.get(i);
                if (path == null || !path.startsWith("/")) {
                    errors.reject(key, path, "must be a path pattern starting with '/'");
                    continue;
                }
                try {
                    parser.parse(path);
                } catch (PatternParseException e) {
                    errors.reject(key, path, "must be a valid path pattern (" + e.getMessage() + ")");
                }
            }
            if (after != null
                    && (after.isBlank()
                            || after.length() > MAX_MARKER
                            || after.chars().anyMatch(c -> c < 0x20 || c > 0x7e))) {
                errors.reject(
                        "gatehouse.ui.inject.after",
                        after,
                        "must be 1 to " + MAX_MARKER + " printable ASCII characters of the page's markup");
            }
        }
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
            errors.reject(
                    "gatehouse.ui.language",
                    language,
                    "must be empty (the browser chooses) or a bundled language such as en or cy");
        }
        inject.validate(errors);
    }

    private static boolean isBundled(String language) {
        return language.equals(BASE_LANGUAGE)
                || language.matches("[a-z]{2,3}")
                        && UiProperties.class
                                        .getClassLoader()
                                        .getResource("messages/gatehouse_" + language + ".properties")
                                != null;
    }
}
