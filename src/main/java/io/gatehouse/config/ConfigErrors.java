package io.gatehouse.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every configuration problem so that all of them are reported at once, each naming the key
 * and the bad value.
 */
public final class ConfigErrors {

    private final List<String> messages = new ArrayList<>();

    /** Keys already reported: a value that failed to convert is not reported again by a later rule. */
    private final Set<String> rejectedKeys = new HashSet<>();

    /** Records that {@code key} has {@code value}, which breaks {@code requirement} ("must be ..."). */
    public void reject(String key, Object value, String requirement) {
        if (!rejectedKeys.add(key)) {
            return;
        }
        messages.add(key + " " + requirement + " but was '" + value + "'");
    }

    /** Records a problem with a secret value, whose value must never be echoed. */
    public void rejectSecret(String key, String requirement) {
        if (!rejectedKeys.add(key)) {
            return;
        }
        messages.add(key + " " + requirement + " (value not shown)");
    }

    /** Records that a required key has no value. */
    public void missing(String key, String requirement) {
        if (!rejectedKeys.add(key)) {
            return;
        }
        messages.add(key + " is required: " + requirement);
    }

    /** Rejects a duration that is zero or negative; a value that failed to convert (null) is already reported. */
    public void requirePositive(String key, java.time.Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            reject(key, value, "must be positive");
        }
    }

    /** Records a key that Gatehouse does not know, usually a misspelling. */
    public void unknown(String key) {
        if (!rejectedKeys.add(key)) {
            return;
        }
        messages.add(key + " is not a Gatehouse setting (check the spelling against docs/configuration.md)");
    }

    /** Records a problem that concerns several keys together. */
    public void conflict(String message) {
        messages.add(message);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }
}
