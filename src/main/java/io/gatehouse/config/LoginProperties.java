package io.gatehouse.config;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How one of the upstream's own login endpoints looks ({@code gatehouse.upstream.login.*}, and each of
 * {@code gatehouse.upstream.logins[n]}), so Gatehouse can recognise a sign-in and who made it without knowing the
 * application. The endpoint is a request matcher like a policy rule: {@code paths} (patterns) or the single
 * {@code path}, {@code methods} or the single {@code method}, and optional {@code query} conditions (a front
 * controller's {@code /index.php} with {@code action=login}).
 *
 * @param path the path the login form or script posts to, when {@code paths} is not set
 * @param method its HTTP method, when {@code methods} is not set
 * @param paths path patterns of the endpoint (instead of {@code path})
 * @param methods its methods (instead of {@code method})
 * @param query conditions on query parameters, all of which must hold for every value
 * @param usernameField the form field, or JSON property (dotted for nested objects), holding the username
 * @param passwordField the form field, or JSON property, holding the password: a request elsewhere that carries it
 *        is refused unless its rule allows credentials
 * @param success what a successful login answer looks like
 */
public record LoginProperties(
        @DefaultValue("/login") String path,
        @DefaultValue("POST") String method,
        List<String> paths,
        List<String> methods,
        List<QueryConditionProperties> query,
        @DefaultValue("email") String usernameField,
        @DefaultValue("password") String passwordField,
        @DefaultValue SuccessProperties success) {

    public LoginProperties {
        paths = paths == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(paths));
        methods = methods == null
                ? List.of()
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(methods));
        query = query == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(query));
        success = success == null ? new SuccessProperties(null, null, null, true) : success;
    }

    /** The endpoint's path patterns: {@code paths}, or the single {@code path}. */
    public List<String> pathPatterns() {
        return paths.isEmpty() ? (path == null ? List.of() : List.of(path)) : paths;
    }

    /** The endpoint's methods: {@code methods}, or the single {@code method}. */
    public List<String> methodNames() {
        return methods.isEmpty() ? (method == null ? List.of() : List.of(method)) : methods;
    }

    void validate(ConfigErrors errors, String key) {
        MatcherProperties.validateParts(errors, key, pathPatterns(), methodNames(), query);
        if (usernameField == null || usernameField.isBlank()) {
            errors.missing(key + ".username-field", "the form field or JSON property of the username");
        }
        if (passwordField == null || passwordField.isBlank()) {
            errors.missing(key + ".password-field", "the form field or JSON property of the password");
        }
        success.validate(errors, key + ".success");
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

        void validate(ConfigErrors errors, String key) {
            for (int i = 0; i < status.size(); i++) {
                Integer code = status.get(i);
                if (code == null || code < 100 || code > 599) {
                    errors.reject(key + ".status[" + i + "]", code, "must be an HTTP status code between 100 and 599");
                }
            }
            checkRegex(errors, key + ".location-matches", locationMatches);
            checkRegex(errors, key + ".location-not-matches", locationNotMatches);
        }

        /**
         * Whether a failed login could meet this rule too: no {@code Location} condition, and a status that a login
         * form shown again with an error shares (any 2xx, or 200 listed).
         */
        public boolean cannotTellFailure() {
            boolean location = locationMatches != null && !locationMatches.isEmpty()
                    || locationNotMatches != null && !locationNotMatches.isEmpty();
            return !location && (status.isEmpty() || status.contains(200));
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
