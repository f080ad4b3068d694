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

    /**
     * The text for {@code key}; a missing key shows as {@code ??key??} rather than failing the page. An argument that
     * is itself a {@link Text} (e.g. "30 minutes") is put in as its own text in this language.
     */
    public String get(String key, Object... arguments) {
        Object[] values = arguments;
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Text text) {
                values = values == arguments ? arguments.clone() : values;
                values[i] = get(text);
            }
        }
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return "??" + key + "??";
        }
        return new MessageFormat(pattern, locale).format(values);
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
