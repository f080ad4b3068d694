package io.gatehouse.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * One policy rule ({@code gatehouse.policy.rules[n]}): it matches a request when every condition that is
 * set holds, and then decides the request's policy.
 *
 * @param name optional; defaults to {@code rule #n}, counted from 1
 * @param paths required; path patterns ({@code /admin/**}, {@code /*.css}, {@code /user/{id}}) matched
 *     against the decoded canonical path; one must match
 * @param methods optional; HTTP methods, one must match ({@code GET} also covers {@code HEAD})
 * @param hosts optional; host names or {@code *.example.org} (any subdomain), without port; one must match
 * @param query optional; conditions on query parameters, all must hold
 * @param users optional; usernames or glob patterns ({@code *@council.example})
 * @param groups optional; names of groups under {@code gatehouse.groups}; with {@code users}, the rule
 *     targets the union of both, and matches only once the user is known
 * @param policy required; what the rule decides
 * @param maxAge optional; for {@code optional} and {@code required} rules, how old the second factor may
 *     be (step-up)
 * @param anonymous optional; {@code refuse} (default) or {@code forward}: whether a browser without a released
 *     session may reach the upstream on this rule's {@code required} or step-up routes
 * @param credentials optional; {@code refuse} (default) or {@code allow}: whether requests carrying credentials
 *     outside the configured login ({@code Authorization}, login or credential fields) are forwarded
 */
public record RuleProperties(
        String name,
        List<String> paths,
        List<String> methods,
        List<String> hosts,
        List<QueryConditionProperties> query,
        List<String> users,
        List<String> groups,
        PolicyMode policy,
        Duration maxAge,
        AnonymousAccess anonymous,
        CredentialAccess credentials) {

    /** The methods a rule may name. */
    public static final Set<String> KNOWN_METHODS = Set.of(
            "GET",
            "HEAD",
            "POST",
            "PUT",
            "PATCH",
            "DELETE",
            "OPTIONS",
            "TRACE",
            "CONNECT",
            "PROPFIND",
            "PROPPATCH",
            "MKCOL",
            "COPY",
            "MOVE",
            "LOCK",
            "UNLOCK",
            "REPORT",
            "SEARCH");

    /** A host name or {@code *.domain}, without port; also what {@code gatehouse.server.hosts} takes. */
    static final Pattern HOST_PATTERN =
            Pattern.compile("(\\*\\.)?[a-z0-9_-]+(\\.[a-z0-9_-]+)*|\\[[0-9a-f:.]+]", Pattern.CASE_INSENSITIVE);

    @ConstructorBinding
    public RuleProperties {
        paths = copy(paths);
        methods = copy(methods);
        hosts = copy(hosts);
        query = query == null ? List.of() : List.copyOf(query);
        users = copy(users);
        groups = copy(groups);
        anonymous = anonymous == null ? AnonymousAccess.REFUSE : anonymous;
        credentials = credentials == null ? CredentialAccess.REFUSE : credentials;
    }

    /** A rule without the access options (they take their defaults). */
    public RuleProperties(
            String name,
            List<String> paths,
            List<String> methods,
            List<String> hosts,
            List<QueryConditionProperties> query,
            List<String> users,
            List<String> groups,
            PolicyMode policy,
            Duration maxAge) {
        this(name, paths, methods, hosts, query, users, groups, policy, maxAge, null, null);
    }

    private static List<String> copy(List<String> values) {
        // List.copyOf refuses null elements, which a YAML list with an empty item produces; keep them for validate.
        return values == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    /** The configured name, or {@code rule #n} for the rule at {@code index} (counted from 0). */
    public String displayName(int index) {
        return name == null || name.isBlank() ? "rule #" + (index + 1) : name;
    }

    /** True when the rule names users or groups, so it can only match once the user is known. */
    public boolean targetsSubjects() {
        return !users.isEmpty() || !groups.isEmpty();
    }

    /** Reports every problem of this rule under {@code key} (e.g. {@code gatehouse.policy.rules[2]}). */
    public void validate(ConfigErrors errors, String key, Set<String> knownGroups) {
        if (policy == null) {
            errors.missing(key + ".policy", "one of bypass, optional, required, deny");
        }
        validatePaths(errors, key);
        for (int i = 0; i < methods.size(); i++) {
            String method = methods.get(i);
            if (method == null || !KNOWN_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
                errors.reject(key + ".methods[" + i + "]", method, "must be an HTTP method such as GET or POST");
            }
        }
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            if (host == null || !HOST_PATTERN.matcher(host).matches()) {
                errors.reject(
                        key + ".hosts[" + i + "]", host, "must be a host name without port, or '*.' and a domain");
            }
        }
        for (int i = 0; i < query.size(); i++) {
            String conditionKey = key + ".query[" + i + "]";
            if (query.get(i) == null) {
                errors.missing(conditionKey, "a condition with 'name' and one of 'present', 'equals', 'matches'");
            } else {
                query.get(i).validate(errors, conditionKey);
            }
        }
        for (int i = 0; i < users.size(); i++) {
            GroupsProperties.validateUserPattern(errors, key + ".users[" + i + "]", users.get(i));
        }
        for (int i = 0; i < groups.size(); i++) {
            if (!knownGroups.contains(groups.get(i))) {
                errors.reject(
                        key + ".groups[" + i + "]",
                        groups.get(i),
                        "must name a group defined under gatehouse.groups " + knownGroups);
            }
        }
        validateMaxAge(errors, key);
        if (policy != null && !policy.asksForSecondFactor()) {
            if (anonymous == AnonymousAccess.FORWARD) {
                errors.reject(
                        key + ".anonymous",
                        "forward",
                        "must be unset on a '" + policy.yamlName()
                                + "' rule (only optional and required rules refuse anonymous browsers)");
            }
            if (credentials == CredentialAccess.ALLOW) {
                errors.reject(
                        key + ".credentials",
                        "allow",
                        "must be unset on a '" + policy.yamlName()
                                + "' rule (only optional and required rules refuse credentials)");
            }
        }
    }

    private void validatePaths(ConfigErrors errors, String key) {
        if (paths.isEmpty()) {
            errors.missing(key + ".paths", "at least one path pattern, e.g. '/admin/**' ('/**' for every path)");
        }
        PathPatternParser parser = new PathPatternParser();
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            String pathKey = key + ".paths[" + i + "]";
            if (path == null || !path.startsWith("/")) {
                errors.reject(pathKey, path, "must be a path pattern starting with '/'");
                continue;
            }
            try {
                parser.parse(path);
            } catch (PatternParseException ex) {
                errors.reject(pathKey, path, "must be a valid path pattern (" + ex.getMessage() + ")");
            }
        }
    }

    private void validateMaxAge(ConfigErrors errors, String key) {
        if (maxAge == null) {
            return;
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            errors.reject(key + ".max-age", maxAge, "must be positive");
        }
        if (policy != null && !policy.asksForSecondFactor()) {
            errors.reject(
                    key + ".max-age",
                    maxAge,
                    "must be unset on a '" + policy.yamlName()
                            + "' rule (only optional and required rules ask for a second factor)");
        }
    }
}
