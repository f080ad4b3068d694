package io.gatehouse.config;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gatehouse.mail.*}: the SMTP server for security notices. Without a {@code host} the emails are written to
 * the log instead (the demo prints them).
 *
 * @param host SMTP host; empty means "log the emails, send nothing"
 * @param port SMTP port
 * @param username SMTP user, if the server needs a login
 * @param password SMTP password; best given as {@code GATEHOUSE_MAIL_PASSWORD}
 * @param starttls require STARTTLS before sending credentials or mail
 * @param from the sender address
 * @param addressTemplate the address of a user whose username is not an email address, e.g.
 *     {@code {user}@example.org}; empty means such users get no email (logged)
 * @param retries further attempts after a failed send
 * @param retryDelay wait before the first retry (doubles each time)
 * @param timeout connect and read timeout of one attempt
 */
public record MailProperties(
        String host,
        @DefaultValue("587") int port,
        String username,
        String password,
        @DefaultValue("true") boolean starttls,
        @DefaultValue("gatehouse@localhost") String from,
        String addressTemplate,
        @DefaultValue("3") int retries,
        @DefaultValue("2s") Duration retryDelay,
        @DefaultValue("10s") Duration timeout) {

    private static final String PREFIX = "gatehouse.mail.";

    public static MailProperties defaults() {
        return new MailProperties(
                null,
                587,
                null,
                null,
                true,
                "gatehouse@localhost",
                null,
                3,
                Duration.ofSeconds(2),
                Duration.ofSeconds(10));
    }

    /** Whether an SMTP server is configured; otherwise emails are only logged. */
    public boolean smtpConfigured() {
        return host != null && !host.isBlank();
    }

    void validate(ConfigErrors errors) {
        if (port < 1 || port > 65535) {
            errors.reject(PREFIX + "port", port, "must be from 1 to 65535");
        }
        if (from == null || !from.matches("[^@\\s]+@[^@\\s]+")) {
            errors.reject(PREFIX + "from", from, "must be an email address such as gatehouse@example.org");
        }
        if (addressTemplate != null
                && !addressTemplate.isBlank()
                && (!addressTemplate.contains("{user}")
                        || !addressTemplate.matches("[^@\\s]*\\{user}[^@\\s]*@[^@\\s]+"))) {
            errors.reject(
                    PREFIX + "address-template",
                    addressTemplate,
                    "must be an address containing {user}, such as {user}@example.org");
        }
        if (retries < 0 || retries > 10) {
            errors.reject(PREFIX + "retries", retries, "must be from 0 to 10");
        }
        errors.requirePositive(PREFIX + "retry-delay", retryDelay);
        errors.requirePositive(PREFIX + "timeout", timeout);
        if ((username == null || username.isBlank()) != (password == null || password.isBlank())) {
            errors.conflict(PREFIX + "username and " + PREFIX + "password must be set together (password not shown)");
        }
    }

    @Override
    public String toString() {
        return "MailProperties[host=" + host + ", port=" + port + ", username=" + username + ", password="
                + (password == null ? "none" : "***") + ", starttls=" + starttls + ", from=" + from
                + ", addressTemplate=" + addressTemplate + ", retries=" + retries + "]";
    }
}
