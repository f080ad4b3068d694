package io.gatehouse.policy;

import io.gatehouse.config.QueryConditionProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * One description of some upstream requests (a login endpoint, a logout, a sign-in page), matched exactly as a policy
 * rule's conditions are: path patterns on the canonical path (ignoring case where the policy does), methods, and
 * query conditions that must hold for every value of a repeated parameter, so that {@code ?action=login&action=admin}
 * is not a login.
 */
public final class RequestMatcher {

    private final Condition[] conditions;
    private final String description;
    /** The paths when every pattern is a plain path (lower case where matching ignores case), else null. */
    private final java.util.Set<String> literalPaths;

    private final boolean caseInsensitive;

    private RequestMatcher(
            Condition[] conditions, String description, java.util.Set<String> literalPaths, boolean caseInsensitive) {
        this.conditions = conditions;
        this.description = description;
        this.literalPaths = literalPaths;
        this.caseInsensitive = caseInsensitive;
    }

    /** Compiles validated settings; {@code caseInsensitive} is the policy's {@code case-insensitive}. */
    public static RequestMatcher of(
            List<String> paths, List<String> methods, List<QueryConditionProperties> query, boolean caseInsensitive) {
        PathPatternParser parser = new PathPatternParser();
        parser.setCaseSensitive(!caseInsensitive);
        List<Condition> conditions = new ArrayList<>();
        if (!methods.isEmpty()) {
            conditions.add(Conditions.Methods.of(methods));
        }
        conditions.add(Conditions.Paths.of(paths.stream().map(parser::parse).toList()));
        for (QueryConditionProperties condition : query) {
            conditions.add(Conditions.Query.of(condition, false));
        }
        String description = paths + (methods.isEmpty() ? "" : " " + methods) + (query.isEmpty() ? "" : " " + query);
        boolean literal = paths.stream()
                .noneMatch(path -> path.indexOf('*') >= 0 || path.indexOf('{') >= 0 || path.indexOf('?') >= 0);
        java.util.Set<String> literals = literal
                ? paths.stream()
                        .map(path -> caseInsensitive ? path.toLowerCase(java.util.Locale.ROOT) : path)
                        .collect(java.util.stream.Collectors.toUnmodifiableSet())
                : null;
        return new RequestMatcher(conditions.toArray(Condition[]::new), description, literals, caseInsensitive);
    }

    /**
     * A cheap first answer for plain paths, so that the requests every matcher is asked about (all of them) cost a set
     * lookup: false when the path cannot match, true when the full conditions must decide.
     */
    private boolean mayMatch(String canonicalPath) {
        if (literalPaths == null) {
            return true;
        }
        String path = caseInsensitive ? canonicalPath.toLowerCase(java.util.Locale.ROOT) : canonicalPath;
        if (literalPaths.contains(path)) {
            return true;
        }
        // The pattern /login also matches /login/ (as in policy rules).
        return path.length() > 1 && path.endsWith("/") && literalPaths.contains(path.substring(0, path.length() - 1));
    }

    /** Whether a request with this method, canonical path and decoded query parameters is one of these. */
    public boolean matches(String method, String canonicalPath, Map<String, List<String>> query) {
        if (!mayMatch(canonicalPath)) {
            return false;
        }
        PreparedRequest request =
                new PreparedRequest(new RequestFacts(method, canonicalPath, null, query, Optional.empty()));
        for (Condition condition : conditions) {
            if (!condition.test(request)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return description;
    }
}
