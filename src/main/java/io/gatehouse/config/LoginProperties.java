package io.gatehouse.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the upstream's own login looks ({@code gatehouse.upstream.login.*}), so Gatehouse can recognise a
 * correct password without knowing the application.
 *
 * @param path the path the login form or script posts to
 * @param method its HTTP method
 * @param usernameField the form field, or JSON property (dotted for nested objects), holding the username
 * @param success what a successful login answer looks like
 */
public record LoginProperties(
        @DefaultValue("/login") String path,
        @DefaultValue("POST") String method,
        @DefaultValue("email") String usernameField,
        @DefaultValue SuccessProperties success) {

    void validate(ConfigErrors errors) {
        if (path == null || !path.startsWith("/")) {
            errors.reject("gatehouse.upstream.login.path", path, "must be a path starting with '/'");
        }
        if (method == null || !RuleProperties.KNOWN_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            errors.reject("gatehouse.upstream.login.method", method, "must be an HTTP method such as POST");
        }
        if (usernameField == null || usernameField.isBlank()) {
            errors.missing("gatehouse.upstream.login.username-field", "the form field or JSON property of the username");
        }
        success.validate(errors);
    }

    /**
     * The answer to a correct password.
     *
     * @param status accepted status codes; empty means any 2xx or 3xx
     * @param locationMatches a regular expression the {@code Location} header must match (a redirect target)
     * @param locationNotMatches a regular expression the {@code Location} must not match (e.g. back to the form)
     * @param cookieSet whether the answer must set one of the upstream's session cookies
     */
    public record SuccessProperties(
            List<Integer> status,
            String locationMatches,
            String locationNotMatches,
            @DefaultValue("true") boolean cookieSet) {

        public SuccessProperties {
            status = status == null ? List.of() : List.copyOf(status);
        }

        void validate(ConfigErrors errors) {
            for (int i = 0; i < status.size(); i++) {
                Integer code = status.get(i);
                if (code == null || code < 100 || code > 599) {
                    errors.reject("gatehouse.upstream.login.success.status[" + i + "]", code,
                            "must be an HTTP status code between 100 and 599");
                }
            }
            checkRegex(errors, "gatehouse.upstream.login.success.location-matches", locationMatches);
            checkRegex(errors, "gatehouse.upstream.login.success.location-not-matches", locationNotMatches);
        }

        private static void checkRegex(ConfigErrors errors, String key, String regex) {
            if (regex == null) {
                return;
            }
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                errors.reject(key, regex, "must be a valid regular expression (" + e.getDescription() + ")");
            }
        }
    }
}
