package io.gatehouse.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the request firewall ({@code gatehouse.firewall.*}).
 *
 * @param allowUtf8Paths accept percent-encoded, valid UTF-8 in paths (for sites with Unicode paths); by
 *     default any non-ASCII byte in a path is refused
 */
@ConfigurationProperties("gatehouse.firewall")
public record FirewallProperties(boolean allowUtf8Paths) {

    /** The defaults: ASCII paths only. */
    public static FirewallProperties defaults() {
        return new FirewallProperties(false);
    }

    /** Nothing here can be invalid; present so every property record reads the same. */
    public void validate(ConfigErrors errors) {}
}
