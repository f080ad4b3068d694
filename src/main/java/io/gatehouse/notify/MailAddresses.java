package io.gatehouse.notify;

import java.util.Optional;
import java.util.regex.Pattern;

/** A user's email address: the username itself when it is one, else the configured template, else none. */
public final class MailAddresses {

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>\"(),;:]+@[^@\\s<>\"(),;:]+\\.[^@\\s<>\"(),;:]+");
    private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9._+-]+");

    private final String template;

    public MailAddresses(String template) {
        this.template = template == null || template.isBlank() ? null : template;
    }

    public Optional<String> of(String user) {
        if (user == null) {
            return Optional.empty();
        }
        if (ADDRESS.matcher(user).matches()) {
            return Optional.of(user);
        }
        // Only names that are safe as a local part go into the template: no header or address injection.
        if (template == null || !LOCAL_PART.matcher(user).matches()) {
            return Optional.empty();
        }
        return Optional.of(template.replace("{user}", user));
    }
}
