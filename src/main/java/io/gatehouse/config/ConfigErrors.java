package io.gatehouse.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every configuration problem so that all of them are reported at once, each naming the key
 * and the bad value.
 */
public final class ConfigErrors {

    private final List<String> messages = new ArrayList<>();

    /** Records that {@code key} has {@code value}, which breaks {@code requirement} ("must be ..."). */
    public void reject(String key, Object value, String requirement) {
        messages.add(key + " " + requirement + " but was '" + value + "'");
    }

    /** Records a problem with a secret value, whose value must never be echoed. */
    public void rejectSecret(String key, String requirement) {
        messages.add(key + " " + requirement + " (value not shown)");
    }

    /** Records that a required key has no value. */
    public void missing(String key, String requirement) {
        messages.add(key + " is required: " + requirement);
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
