package io.gatehouse.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Instants as the pages show them: {@code 2026-11-28 12:00 UTC}, one format everywhere. */
public final class Times {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Times() {}

    public static String format(Instant at) {
        return FORMAT.format(at);
    }

    /** The time, or {@code none} (already translated) when there is none. */
    public static String format(Optional<Instant> at, String none) {
        return at.map(FORMAT::format).orElse(none);
    }
}
