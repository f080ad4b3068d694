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

    private RequestMatcher(Condition[] conditions, String description) {
        this.conditions = conditions;
        this.description = description;
    }

    /** Compiles validated settings; {@code caseInsensitive} is the policy's {@code case-insensitive}. */
    public static RequestMatcher of(List<String> paths, List<String> methods, List<QueryConditionProperties> query,
            boolean caseInsensitive) {
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
        return new RequestMatcher(conditions.toArray(Condition[]::new), description);
    }

    /** Whether a request with this method, canonical path and decoded query parameters is one of these. */
    public boolean matches(String method, String canonicalPath, Map<String, List<String>> query) {
        PreparedRequest request = new PreparedRequest(
                new RequestFacts(method, canonicalPath, null, query, Optional.empty()));
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
