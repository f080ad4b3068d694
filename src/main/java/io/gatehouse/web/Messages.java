package io.gatehouse.web;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The page text of one language, as templates see it: {@code msg.get("challenge.title")}. Every pattern is a
 * {@link MessageFormat}, so an apostrophe is written {@code ''} in the bundle whether or not it takes arguments.
 */
public final class Messages {

    private final ResourceBundle bundle;
    private final Locale locale;

    Messages(ResourceBundle bundle, Locale locale) {
        this.bundle = bundle;
        this.locale = locale;
    }

    /** The text for {@code key}; a missing key shows as {@code ??key??} rather than failing the page. */
    public String get(String key, Object... arguments) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return "??" + key + "??";
        }
        return new MessageFormat(pattern, locale).format(arguments);
    }

    public String get(Text text) {
        return get(text.key(), text.arguments().toArray());
    }

    /** The language of this text as an HTML {@code lang} value, e.g. {@code en}. */
    public String lang() {
        return locale.toLanguageTag();
    }

    public Locale locale() {
        return locale;
    }
}
