package io.gatehouse.config;

import java.util.List;
import java.util.Locale;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * A description of some of the upstream's requests, in the words of a policy rule: path patterns, and optionally
 * methods and query conditions ({@code gatehouse.upstream.logout[n]}, {@code gatehouse.upstream.sign-in-pages[n]}).
 * It matches a request when one path pattern matches, the method is listed (when any are) and every query condition
 * holds for every value of its parameter.
 *
 * @param paths required; path patterns ({@code /index.php}, {@code /admin/**})
 * @param methods optional; HTTP methods ({@code GET} also covers {@code HEAD})
 * @param query optional; conditions on query parameters ({@code {name: action, equals: logout}})
 */
public record MatcherProperties(List<String> paths, List<String> methods, List<QueryConditionProperties> query) {

    public MatcherProperties {
        paths = paths == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(paths));
        methods = methods == null
                ? List.of()
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(methods));
        query = query == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(query));
    }

    /** Reports every problem of this matcher under {@code key}. */
    void validate(ConfigErrors errors, String key) {
        validateParts(errors, key, paths, methods, query);
    }

    static void validateParts(
            ConfigErrors errors,
            String key,
            List<String> paths,
            List<String> methods,
            List<QueryConditionProperties> query) {
        if (paths.isEmpty()) {
            errors.missing(key + ".paths", "at least one path pattern, e.g. '/index.php'");
        }
        PathPatternParser parser = new PathPatternParser();
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            if (path == null || !path.startsWith("/")) {
                errors.reject(key + ".paths[" + i + "]", path, "must be a path pattern starting with '/'");
                continue;
            }
            try {
                parser.parse(path);
            } catch (PatternParseException e) {
                errors.reject(key + ".paths[" + i + "]", path, "must be a valid path pattern (" + e.getMessage() + ")");
            }
        }
        for (int i = 0; i < methods.size(); i++) {
            String method = methods.get(i);
            if (method == null || !RuleProperties.KNOWN_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
                errors.reject(key + ".methods[" + i + "]", method, "must be an HTTP method such as GET or POST");
            }
        }
        for (int i = 0; i < query.size(); i++) {
            if (query.get(i) == null) {
                errors.missing(
                        key + ".query[" + i + "]", "a condition with 'name' and one of 'present', 'equals', 'matches'");
            } else {
                query.get(i).validate(errors, key + ".query[" + i + "]");
            }
        }
    }
}
