package io.gatehouse.login;

import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.LoginProperties;
import io.gatehouse.config.MatcherProperties;
import io.gatehouse.config.QueryConditionProperties;
import io.gatehouse.config.UpstreamProperties;
import io.gatehouse.policy.RequestMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The upstream's sign-in and sign-out as request matchers, compiled once from {@code gatehouse.upstream.*}: its login
 * endpoints (each with its username and password fields and its success rule), the pages that belong to signing in
 * (the login page, configured sign-in pages), and its logouts. Matching follows the policy's rules (patterns on the
 * canonical path, its {@code case-insensitive}, query conditions that hold for every value), so a front controller's
 * {@code /index.php?action=login} is a login and {@code /index.php?page=admin} is not.
 */
public final class UpstreamLogins {

    /** One login endpoint. */
    public static final class Login {

        private final RequestMatcher matcher;
        private final String usernameField;
        private final String passwordField;
        private final List<Integer> successStatus;
        private final Pattern locationMatches;
        private final Pattern locationNotMatches;
        private final boolean cookieRequired;

        Login(LoginProperties login, boolean caseInsensitive) {
            this.matcher = RequestMatcher.of(login.pathPatterns(), login.methodNames(), login.query(), caseInsensitive);
            this.usernameField = login.usernameField();
            this.passwordField = login.passwordField();
            this.successStatus = login.success().status();
            this.locationMatches = compile(login.success().locationMatches());
            this.locationNotMatches = compile(login.success().locationNotMatches());
            this.cookieRequired = login.success().cookieSet();
        }

        public String usernameField() {
            return usernameField;
        }

        /** The field with the password: a request to this endpoint without it signs nobody in. */
        public String passwordField() {
            return passwordField;
        }

        /**
         * Whether the upstream's answer meets this login's success rule. {@code newSessionCookie}: the answer sets a
         * session cookie whose value differs from the one the browser sent.
         */
        public boolean isSuccess(HttpStatusCode status, String location, boolean newSessionCookie) {
            boolean statusOk = successStatus.isEmpty()
                    ? status.is2xxSuccessful() || status.is3xxRedirection()
                    : successStatus.contains(status.value());
            if (!statusOk || cookieRequired && !newSessionCookie) {
                return false;
            }
            if (locationMatches != null
                    && (location == null || !locationMatches.matcher(location).find())) {
                return false;
            }
            return locationNotMatches == null
                    || location == null
                    || !locationNotMatches.matcher(location).find();
        }

        /** Whether the rule, like the default one, keeps the browser's own session cookie as the session. */
        public boolean keepsSessionId() {
            return !cookieRequired;
        }

        @Override
        public String toString() {
            return matcher.toString();
        }
    }

    private final List<Login> logins;
    private final List<RequestMatcher> signInPages;
    private final List<String> logoutPaths;
    private final List<RequestMatcher> logouts;
    private final String loginPage;
    private final Set<String> credentialFields;

    public UpstreamLogins(GatehouseProperties properties) {
        UpstreamProperties upstream = properties.upstream();
        boolean caseInsensitive = properties.policy().caseInsensitive();
        List<Login> compiled = new ArrayList<>();
        Set<String> credentials = new LinkedHashSet<>();
        for (LoginProperties login : upstream.allLogins()) {
            compiled.add(new Login(login, caseInsensitive));
            credentials.add(login.passwordField());
        }
        credentials.addAll(upstream.credentialFields());
        this.logins = List.copyOf(compiled);
        this.credentialFields = Set.copyOf(credentials);
        List<RequestMatcher> pages = new ArrayList<>();
        pages.add(pageMatcher(upstream.loginPage(), caseInsensitive));
        for (MatcherProperties page : upstream.signInPages()) {
            pages.add(RequestMatcher.of(page.paths(), page.methods(), page.query(), caseInsensitive));
        }
        this.signInPages = List.copyOf(pages);
        this.logoutPaths = List.copyOf(upstream.logoutPaths());
        this.logouts = upstream.logout().stream()
                .map(logout -> RequestMatcher.of(logout.paths(), logout.methods(), logout.query(), caseInsensitive))
                .toList();
        this.loginPage = upstream.loginPage();
    }

    /**
     * The login page as a matcher: its exact path (any method, its form may post back to it) and, when it has a
     * query, each of its parameters with exactly that value.
     */
    private static RequestMatcher pageMatcher(String page, boolean caseInsensitive) {
        int cut = page.indexOf('?');
        String path = cut < 0 ? page : page.substring(0, cut);
        List<QueryConditionProperties> query = new ArrayList<>();
        if (cut >= 0) {
            UriComponentsBuilder.newInstance()
                    .query(page.substring(cut + 1))
                    .build()
                    .getQueryParams()
                    .forEach((name, values) -> values.forEach(value -> query.add(new QueryConditionProperties(
                            decode(name), null, value == null ? "" : decode(value), null))));
        }
        return RequestMatcher.of(List.of(path), List.of(), query, caseInsensitive);
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * What in this configuration lets a failed login pass for a good one, one warning per login; empty when an identity
     * probe decides (its answer, not the success rule, says who signed in).
     */
    public static List<String> warnings(UpstreamProperties upstream, boolean probeConfigured) {
        if (probeConfigured) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        List<LoginProperties> all = upstream.allLogins();
        for (int i = 0; i < all.size(); i++) {
            String key = i == 0 ? "gatehouse.upstream.login" : "gatehouse.upstream.logins[" + (i - 1) + "]";
            LoginProperties.SuccessProperties success = all.get(i).success();
            if (success.cannotTellFailure()) {
                warnings.add(key + ".success cannot tell a failed login from a good one (a failed login that shows the"
                        + " form again with status " + (success.status().isEmpty() ? "200" : success.status())
                        + " and starts a session meets it): add location-matches or location-not-matches, or configure"
                        + " gatehouse.upstream.identity so that the site itself says who signed in");
            }
        }
        return warnings;
    }

    /** The login endpoint this request is for, or null when it is none of them. */
    public Login loginFor(ServerHttpRequest request, String canonicalPath) {
        String method = request.getMethod().name();
        Map<String, List<String>> query = request.getQueryParams();
        for (Login login : logins) {
            if (login.matcher.matches(method, canonicalPath, query)) {
                return login;
            }
        }
        return null;
    }

    /** Whether the request is for the login page or a configured sign-in page (not a login endpoint itself). */
    public boolean isSignInPage(ServerHttpRequest request, String canonicalPath) {
        String method = request.getMethod().name();
        Map<String, List<String>> query = request.getQueryParams();
        for (RequestMatcher page : signInPages) {
            if (page.matches(method, canonicalPath, query)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the request ends the upstream's session (and so Gatehouse's). */
    public boolean isLogout(ServerHttpRequest request, String canonicalPath) {
        if (logoutPaths.contains(canonicalPath)) {
            return true;
        }
        if (logouts.isEmpty()) {
            return false;
        }
        String method = request.getMethod().name();
        Map<String, List<String>> query = request.getQueryParams();
        for (RequestMatcher logout : logouts) {
            if (logout.matches(method, canonicalPath, query)) {
                return true;
            }
        }
        return false;
    }

    /** Where browsers are sent to sign in to the upstream (a same-origin path, perhaps with a query). */
    public String loginPage() {
        return loginPage;
    }

    /** Whether a raw query string names one of {@link #credentialFields()}, in any spelling a site could read. */
    public boolean credentialsInQuery(String rawQuery) {
        return rawQuery != null
                && !rawQuery.isEmpty()
                && LoginFieldReader.carriesField(rawQuery, null, new byte[0], credentialFields);
    }

    /** The field names that carry credentials: every login's password field and the configured credential fields. */
    public Set<String> credentialFields() {
        return credentialFields;
    }

    private static Pattern compile(String regex) {
        return regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
    }
}
