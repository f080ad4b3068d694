package io.gatehouse.policy;

import io.gatehouse.firewall.ServedHosts;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.server.PathContainer;

/** {@link RequestFacts} parsed once per resolution, so that every rule reads the same cheap values. */
final class PreparedRequest {

    /** The canonical path is already decoded and free of ';', so it is split on '/' only, never decoded again. */
    private static final PathContainer.Options DECODED_PATH = PathContainer.Options.create('/', false);

    final RequestFacts facts;

    final PathContainer path;

    /** The path without its trailing slash ({@code /admin/} as {@code /admin}), or null when it has none. */
    final PathContainer pathWithoutTrailingSlash;

    /** Lower case, without port. */
    final String host;

    final Map<String, List<String>> query;

    /** Lower case, or null when the user is not known. */
    final String user;

    PreparedRequest(RequestFacts facts) {
        this.facts = facts;
        String canonicalPath = facts.canonicalPath();
        this.path = PathContainer.parsePath(canonicalPath, DECODED_PATH);
        int length = canonicalPath.length();
        this.pathWithoutTrailingSlash = length > 1 && canonicalPath.charAt(length - 1) == '/'
                ? PathContainer.parsePath(canonicalPath.substring(0, length - 1), DECODED_PATH)
                : null;
        this.host = ServedHosts.withoutPort(facts.host()).toLowerCase(Locale.ROOT);
        this.query = facts.query();
        this.user = facts.user().map(name -> name.toLowerCase(Locale.ROOT)).orElse(null);
    }
}
