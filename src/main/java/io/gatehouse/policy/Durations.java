package io.gatehouse.policy;

import java.time.Duration;

/** Durations as an operator writes them in YAML ({@code 90s}, {@code 5m}, {@code 12h}). */
final class Durations {

    private Durations() {}

    static String format(Duration duration) {
        if (duration.getNano() != 0) {
            return duration.toString();
        }
        long seconds = duration.getSeconds();
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
