package io.gatehouse.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where Debian's {@code chromium} and {@code chromium-driver} are. The paths can be moved with the system
 * properties {@code chromium.binary} and {@code chromium.driver} (not under {@code gatehouse.}, which
 * Gatehouse checks for unknown settings) (e.g. to prove the
 * tests skip cleanly on a machine without them); nothing is ever downloaded.
 */
final class Chromium {

    static final String BINARY_PROPERTY = "chromium.binary";
    static final String DRIVER_PROPERTY = "chromium.driver";

    private Chromium() {}

    static Path binary() {
        return Path.of(System.getProperty(BINARY_PROPERTY, "/usr/bin/chromium"));
    }

    static Path driver() {
        return Path.of(System.getProperty(DRIVER_PROPERTY, "/usr/bin/chromedriver"));
    }

    /** Why the browser tests cannot run here, or empty when both executables are present. */
    static Optional<String> missing() {
        for (Path path : new Path[] {binary(), driver()}) {
            if (!Files.isExecutable(path)) {
                return Optional.of("Browser tests skipped: no executable " + path + " (install Debian's chromium and"
                        + " chromium-driver, or set -D" + BINARY_PROPERTY + "= and -D" + DRIVER_PROPERTY + "=)");
            }
        }
        return Optional.empty();
    }
}
