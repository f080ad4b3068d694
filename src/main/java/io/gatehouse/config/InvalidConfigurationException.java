package io.gatehouse.config;

import java.util.List;

/** Gatehouse's settings have problems; each message names the key and the bad value. */
public final class InvalidConfigurationException extends RuntimeException {

    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super(problems.size() + " configuration problem(s): " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
