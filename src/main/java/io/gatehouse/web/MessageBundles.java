package io.gatehouse.web;

import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Picks the page language from {@code Accept-Language} among the bundles on the class path:
 * {@code messages/gatehouse.properties} is English, and adding {@code messages/gatehouse_cy.properties}
 * is all it takes to offer Welsh. A configured language ({@code gatehouse.ui.language}) overrides the browser's.
 */
public final class MessageBundles {

    static final String BASE_NAME = "messages/gatehouse";
    /** The language of the base bundle. */
    static final Locale DEFAULT = Locale.ENGLISH;

    // No fallback to the JVM's default locale: what the server runs with must not choose the page language.
    private static final ResourceBundle.Control CONTROL =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Messages forced;

    /** Each browser's {@code Accept-Language} chooses. */
    public MessageBundles() {
        this(null);
    }

    /** Every page in {@code language} (validated at start), or the browser's choice when null. */
    public MessageBundles(String language) {
        this.forced = language == null ? null : forAcceptLanguage(language);
    }

    /** The configured language, else the best one the browser accepts, English when none is offered. */
    public Messages forRequest(ServerHttpRequest request) {
        if (forced != null) {
            return forced;
        }
        return forAcceptLanguage(request.getHeaders().getFirst(HttpHeaders.ACCEPT_LANGUAGE));
    }

    public Messages forAcceptLanguage(String acceptLanguage) {
        for (Locale.LanguageRange range : parse(acceptLanguage)) {
            String language = range.getRange().split("-", 2)[0];
            if (language.equals("*") || range.getWeight() <= 0) {
                continue;
            }
            Locale wanted = Locale.forLanguageTag(language);
            if (wanted.getLanguage().equals(DEFAULT.getLanguage())) {
                return english();
            }
            ResourceBundle bundle = ResourceBundle.getBundle(BASE_NAME, wanted, CONTROL);
            if (bundle.getLocale().getLanguage().equals(wanted.getLanguage())) {
                return new Messages(bundle, wanted);
            }
        }
        return english();
    }

    public Messages english() {
        return new Messages(ResourceBundle.getBundle(BASE_NAME, Locale.ROOT, CONTROL), DEFAULT);
    }

    private static List<Locale.LanguageRange> parse(String header) {
        if (header == null || header.isBlank() || header.length() > 500) {
            return List.of();
        }
        try {
            return Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }
}
