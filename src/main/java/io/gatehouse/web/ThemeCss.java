package io.gatehouse.web;

import io.gatehouse.config.UiProperties;
import java.util.Locale;

/**
 * The stylesheet that carries the configured accent colour ({@code /_gatehouse/assets/theme.css}); a file,
 * because the pages' Content-Security-Policy forbids inline styles. Text colours are chosen for contrast.
 */
final class ThemeCss {

    private static final String WHITE = "#ffffff";
    private static final String INK = "#111827";
    /** WCAG 2.x AA for normal text. */
    private static final double MIN_CONTRAST = 4.5;

    private ThemeCss() {}

    static String of(UiProperties ui) {
        String accent = ui.accentColour().toLowerCase(Locale.ROOT);
        // Text on accent-coloured buttons: whichever of white and near-black reads better.
        String onAccent = contrast(accent, WHITE) >= contrast(accent, INK) ? WHITE : INK;
        // Links and focus rings sit on white: a pale accent would be unreadable there, so fall back to ink.
        String link = contrast(accent, WHITE) >= MIN_CONTRAST ? accent : INK;
        return ":root{--gh-accent:" + accent + ";--gh-on-accent:" + onAccent + ";--gh-link:" + link + ";}\n";
    }

    /** The WCAG contrast ratio of two {@code #rrggbb} colours, from 1 to 21. */
    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel(rgb >> 16 & 0xff) + 0.7152 * channel(rgb >> 8 & 0xff) + 0.0722 * channel(rgb & 0xff);
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
