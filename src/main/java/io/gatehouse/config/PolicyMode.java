package io.gatehouse.config;

/**
 * What a policy rule demands of the requests it matches; YAML spells these in lower case. Declared from the least
 * to the most strict: {@code PolicyResolver.resolveStrictest} compares them by that order.
 */
public enum PolicyMode {

    /** No second factor: the request passes as if Gatehouse were not there (static assets, health checks). */
    BYPASS,

    /** A second factor for users who have enrolled; users who have not are let through without one. */
    OPTIONAL,

    /** Every signed-in user must enroll and pass the second factor. */
    REQUIRED,

    /** Refused for everyone with 403, whatever the session. */
    DENY;

    /** True for the modes a {@code max-age} (step-up) can apply to. */
    public boolean asksForSecondFactor() {
        return this == OPTIONAL || this == REQUIRED;
    }

    /** The YAML spelling ({@code bypass}, ...). */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
