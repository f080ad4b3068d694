package io.gatehouse.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the policy knows about a request.
 *
 * @param method the HTTP method
 * @param canonicalPath the decoded canonical path from the firewall
 *     ({@link io.gatehouse.web.ExchangeAttributes#CANONICAL_PATH})
 * @param host the Host header's host, with or without port
 * @param query decoded query parameters (a Spring {@code MultiValueMap} fits)
 * @param user the normalised username once the user is known; empty for anonymous requests
 */
public record RequestFacts(
        String method, String canonicalPath, String host, Map<String, List<String>> query, Optional<String> user) {

    public RequestFacts {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(canonicalPath, "canonicalPath");
        host = host == null ? "" : host;
        query = query == null ? Map.of() : query;
        user = user == null ? Optional.empty() : user;
    }

    /** Facts of an anonymous request without query parameters, for tests and the CLI. */
    public static RequestFacts of(String method, String canonicalPath, String host) {
        return new RequestFacts(method, canonicalPath, host, Map.of(), Optional.empty());
    }

    /** The same facts for the now known {@code user}. */
    public RequestFacts withUser(String user) {
        return new RequestFacts(method, canonicalPath, host, query, Optional.of(user));
    }

    /** The same facts for another method (one a method-override header claims). */
    public RequestFacts withMethod(String otherMethod) {
        return new RequestFacts(otherMethod, canonicalPath, host, query, user);
    }

    /** The same facts with these decoded query parameters. */
    public RequestFacts withQuery(Map<String, List<String>> query) {
        return new RequestFacts(method, canonicalPath, host, query, user);
    }
}
