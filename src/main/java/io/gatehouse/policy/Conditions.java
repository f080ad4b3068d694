package io.gatehouse.policy;

import io.gatehouse.config.QueryConditionProperties;
import io.gatehouse.firewall.ServedHosts;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.web.util.pattern.PathPattern;

/** The compiled conditions a rule can have. */
final class Conditions {

    private Conditions() {}

    /** One of the path patterns matches the path, or the path without its trailing slash. */
    record Paths(PathPattern[] patterns, String description) implements Condition {

        static Paths of(List<PathPattern> patterns) {
            return new Paths(patterns.toArray(PathPattern[]::new), patterns.toString());
        }

        @Override
        public boolean test(PreparedRequest request) {
            for (PathPattern pattern : patterns) {
                if (pattern.matches(request.path)
                        || request.pathWithoutTrailingSlash != null
                                && pattern.matches(request.pathWithoutTrailingSlash)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String explainMiss(PreparedRequest request) {
            return "path " + request.facts.canonicalPath() + " matches none of " + description;
        }
    }

    /** The method is one of the listed ones, ignoring case; GET also admits HEAD, which servers answer alike. */
    record Methods(String[] methods, String description) implements Condition {

        static Methods of(List<String> configured) {
            Set<String> methods = new LinkedHashSet<>();
            for (String method : configured) {
                methods.add(method.toUpperCase(Locale.ROOT));
            }
            String description = methods.toString();
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            return new Methods(methods.toArray(String[]::new), description);
        }

        @Override
        public boolean test(PreparedRequest request) {
            String method = request.facts.method();
            for (String candidate : methods) {
                if (candidate.equalsIgnoreCase(method)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String explainMiss(PreparedRequest request) {
            return "method " + request.facts.method() + " not in " + description;
        }
    }

    /** The host is one of the names, or a subdomain (at any depth) of a {@code *.domain} pattern. */
    record Hosts(ServedHosts hosts, String description) implements Condition {

        static Hosts of(List<String> configured) {
            return new Hosts(
                    new ServedHosts(configured),
                    configured.stream()
                            .map(host -> host.toLowerCase(Locale.ROOT))
                            .toList()
                            .toString());
        }

        @Override
        public boolean test(PreparedRequest request) {
            return hosts.matches(request.host);
        }

        @Override
        public String explainMiss(PreparedRequest request) {
            return "host " + (request.host.isEmpty() ? "(none)" : request.host) + " matches none of " + description;
        }
    }

    /**
     * A query parameter condition. A repeated parameter is judged so that it can never weaken the policy:
     * on a rule that asks more ({@code required}, {@code deny}) one matching value is enough, on a rule that
     * asks less ({@code bypass}, {@code optional}) every value must match. Upstreams disagree on which copy
     * of a repeated parameter counts (first, last, all), so either reading must lead to the stricter rule.
     */
    record Query(String name, Kind kind, String expected, Pattern pattern, boolean anyValue) implements Condition {

        enum Kind {
            PRESENT,
            ABSENT,
            EQUALS,
            MATCHES
        }

        static Query of(QueryConditionProperties properties, boolean anyValue) {
            if (properties.equals() != null) {
                return new Query(properties.name(), Kind.EQUALS, properties.equals(), null, anyValue);
            }
            if (properties.matches() != null) {
                return new Query(
                        properties.name(),
                        Kind.MATCHES,
                        properties.matches(),
                        Pattern.compile(properties.matches()),
                        anyValue);
            }
            Kind kind = Boolean.FALSE.equals(properties.present()) ? Kind.ABSENT : Kind.PRESENT;
            return new Query(properties.name(), kind, null, null, anyValue);
        }

        @Override
        public boolean test(PreparedRequest request) {
            List<String> values = request.query.get(name);
            boolean present = values != null;
            return switch (kind) {
                case PRESENT -> present;
                case ABSENT -> !present;
                case EQUALS, MATCHES -> present && !values.isEmpty() && valuesMatch(values);
            };
        }

        private boolean valuesMatch(List<String> values) {
            for (String value : values) {
                boolean matches = valueMatches(value == null ? "" : value);
                if (matches == anyValue) {
                    return anyValue;
                }
            }
            return !anyValue;
        }

        private boolean valueMatches(String value) {
            return kind == Kind.EQUALS
                    ? expected.equals(value)
                    : pattern.matcher(value).matches();
        }

        @Override
        public String explainMiss(PreparedRequest request) {
            List<String> values = request.query.get(name);
            String parameter = "query parameter '" + name + "'";
            return switch (kind) {
                case PRESENT -> parameter + " is absent";
                case ABSENT -> parameter + " is present";
                case EQUALS, MATCHES ->
                    values == null || values.isEmpty()
                            ? parameter + " is absent"
                            : parameter + " " + values
                                    + (anyValue ? " has no value that " : " has a value that does not ")
                                    + (kind == Kind.EQUALS
                                            ? (anyValue ? "equals '" : "equal '") + expected + "'"
                                            : (anyValue ? "matches ~" : "match ~") + expected);
            };
        }
    }

    /**
     * The user is known and matches one of the patterns of {@code users} or of the named groups. An
     * anonymous request never matches: the rule only applies once the login has told us who it is.
     */
    record Subjects(GlobPattern[] patterns, String description, boolean exactCase) implements Condition {

        @Override
        public boolean test(PreparedRequest request) {
            // With exact-case patterns (username.case: preserve) the user is compared as the login named them.
            String user = exactCase ? request.facts.user().orElse(null) : request.user;
            if (user == null) {
                return false;
            }
            for (GlobPattern pattern : patterns) {
                if (pattern.matches(user)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String explainMiss(PreparedRequest request) {
            if (request.user == null) {
                return "no user known yet (rules naming users or groups match only once the user is known)";
            }
            return "user " + request.user + " matches none of " + description;
        }
    }
}
