package io.gatehouse.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The protected application Gatehouse forwards to ({@code gatehouse.upstream.*}).
 *
 * @param url the upstream's origin, e.g. {@code http://127.0.0.1:8081}
 * @param preserveHost send the browser's {@code Host} header upstream instead of the upstream's own
 * @param connectTimeout how long to wait for a TCP connection to the upstream
 * @param responseTimeout how long to wait for the upstream's response headers
 * @param sessionCookies the names of the upstream's session cookies, or glob patterns ({@code wp_logged_in_*})
 * @param login how the upstream's login request and its successful answer look
 * @param loginPage where a browser goes to sign in to the upstream again
 * @param logoutPaths paths whose request ends the upstream session (and so Gatehouse's)
 * @param usernameCase the legacy spelling of {@code username.case}: {@code lower} or {@code preserve}; see
 *        {@link #usernameCase()}
 * @param identityHeaders add {@code X-Gatehouse-User} and {@code X-Gatehouse-Auth} to requests upstream
 * @param trustedCertificates PEM or DER files with the certificates (or private CA) that an {@code https} upstream is
 *        verified against instead of the JVM's trust store; empty (default) uses the JVM's trust store
 * @param logins further login endpoints besides {@code login} (a JSON API login beside the form, say)
 * @param logout requests that end the upstream session, as matchers (besides the exact {@code logout-paths})
 * @param signInPages requests that belong to signing in (besides the login page and the logins): they reach the
 *        upstream without a released session and with any upstream cookie
 * @param credentialFields further field names that carry credentials (an API key, a one-time token): a request
 *        outside the logins that carries one is refused on non-bypass routes unless its rule allows credentials
 * @param maxCheckedBody the largest request body checked for credential fields; a bigger form, JSON or multipart
 *        body on a route that refuses credentials is refused (413)
 * @param username how usernames are canonicalised ({@code gatehouse.upstream.username.*})
 * @param identity the identity probe ({@code gatehouse.upstream.identity.*}), or null when none is configured
 * @param forwardHeaders which client headers are removed before forwarding, beyond the fixed list
 */
public record UpstreamProperties(
        URI url,
        @DefaultValue("false") boolean preserveHost,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("60s") Duration responseTimeout,
        @DefaultValue("LEGACYSESSID") List<String> sessionCookies,
        @DefaultValue LoginProperties login,
        @DefaultValue("/login") String loginPage,
        @DefaultValue("/logout") List<String> logoutPaths,
        String usernameCase,
        @DefaultValue("false") boolean identityHeaders,
        @DefaultValue List<Path> trustedCertificates,
        @DefaultValue List<LoginProperties> logins,
        @DefaultValue List<MatcherProperties> logout,
        @DefaultValue List<MatcherProperties> signInPages,
        @DefaultValue List<String> credentialFields,
        @DefaultValue("1MB") org.springframework.util.unit.DataSize maxCheckedBody,
        @DefaultValue UsernameProperties username,
        IdentityProperties identity,
        @DefaultValue ForwardHeadersProperties forwardHeaders) {

    public UpstreamProperties {
        forwardHeaders = forwardHeaders == null ? ForwardHeadersProperties.defaults() : forwardHeaders;
    }

    /** Every login endpoint: {@code login}, then {@code logins}. */
    public List<LoginProperties> allLogins() {
        List<LoginProperties> all = new java.util.ArrayList<>();
        all.add(login);
        all.addAll(logins);
        return java.util.Collections.unmodifiableList(all);
    }

    /**
     * The effective case rule, {@code lower} or {@code preserve}: {@code username.case}, else the legacy
     * {@code username-case}, else {@code lower}. (The two keys must agree when both are set; see validate.)
     */
    @Override
    public String usernameCase() {
        if (username != null && username.letterCase() != null) {
            return username.letterCase();
        }
        return usernameCase == null ? "lower" : usernameCase;
    }

    /**
     * Whether the site's usernames keep their case ({@code preserve}): {@code ROOT} is then another account than
     * {@code root}, and every comparison of users (rules, admins) must respect that.
     */
    public boolean usernamesKeepCase() {
        return "preserve".equals(usernameCase());
    }

    void validate(ConfigErrors errors) {
        String key = "gatehouse.upstream.url";
        if (url == null) {
            errors.missing(key, "the absolute http(s) URL of the application to protect, e.g. http://127.0.0.1:8081");
        } else if (!url.isAbsolute()
                || url.getHost() == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            errors.reject(key, url, "must be an absolute http(s) URL");
        } else if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !"/".equals(url.getRawPath())
                || url.getRawQuery() != null
                || url.getRawFragment() != null
                || url.getRawUserInfo() != null) {
            errors.reject(key, url, "must be an origin only (scheme, host and port, no path, query or credentials)");
        }
        if (sessionCookies == null || sessionCookies.isEmpty()) {
            errors.missing(
                    "gatehouse.upstream.session-cookies", "the name (or pattern) of at least one session cookie");
        } else {
            for (int i = 0; i < sessionCookies.size(); i++) {
                String name = sessionCookies.get(i);
                if (name == null || name.isBlank() || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    errors.reject(
                            "gatehouse.upstream.session-cookies[" + i + "]",
                            name,
                            "must be a cookie name, optionally with * wildcards");
                }
            }
        }
        login.validate(errors, "gatehouse.upstream.login");
        for (int i = 0; i < logins.size(); i++) {
            if (logins.get(i) == null) {
                errors.missing("gatehouse.upstream.logins[" + i + "]", "a login with 'path' or 'paths'");
            } else {
                logins.get(i).validate(errors, "gatehouse.upstream.logins[" + i + "]");
            }
        }
        List<LoginProperties> all = allLogins();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) != null
                    && all.get(i).success() != null
                    && !all.get(i).success().cookieSet()
                    && identity == null) {
                // Without a new cookie value only the site itself can say a sign-in happened, and who made it.
                errors.reject(
                        (i == 0 ? "gatehouse.upstream.login" : "gatehouse.upstream.logins[" + (i - 1) + "]")
                                + ".success.cookie-set",
                        false,
                        "needs gatehouse.upstream.identity (an identity probe) for a"
                                + " site that keeps its session id at login");
            }
        }
        validateMatchers(errors, "gatehouse.upstream.logout", logout);
        validateMatchers(errors, "gatehouse.upstream.sign-in-pages", signInPages);
        for (int i = 0; i < credentialFields.size(); i++) {
            String field = credentialFields.get(i);
            if (field == null || field.isBlank()) {
                errors.reject("gatehouse.upstream.credential-fields[" + i + "]", field, "must be a field name");
            }
        }
        if (maxCheckedBody != null && (maxCheckedBody.toBytes() < 1024 || maxCheckedBody.toMegabytes() > 64)) {
            errors.reject("gatehouse.upstream.max-checked-body", maxCheckedBody, "must be between 1KB and 64MB");
        }
        if (loginPage == null
                || !loginPage.startsWith("/")
                || loginPage.startsWith("//")
                || loginPage.indexOf('#') >= 0
                || loginPage.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f || c == '\\')) {
            errors.reject(
                    "gatehouse.upstream.login-page",
                    loginPage,
                    "must be a path on the upstream starting with '/' (a query is allowed)");
        }
        for (int i = 0; i < logoutPaths.size(); i++) {
            String path = logoutPaths.get(i);
            if (path == null || !path.startsWith("/")) {
                errors.reject("gatehouse.upstream.logout-paths[" + i + "]", path, "must be a path starting with '/'");
            }
        }
        if (usernameCase != null && !"lower".equals(usernameCase) && !"preserve".equals(usernameCase)) {
            errors.reject("gatehouse.upstream.username-case", usernameCase, "must be lower or preserve");
        }
        username.validate(errors, usernameCase);
        if (identity != null) {
            identity.validate(errors);
        }
        validateTrustedCertificates(errors);
        forwardHeaders.validate(errors);
        errors.requirePositive("gatehouse.upstream.connect-timeout", connectTimeout);
        errors.requirePositive("gatehouse.upstream.response-timeout", responseTimeout);
    }

    private static void validateMatchers(ConfigErrors errors, String key, List<MatcherProperties> matchers) {
        for (int i = 0; i < matchers.size(); i++) {
            if (matchers.get(i) == null) {
                errors.missing(key + "[" + i + "]", "a matcher with 'paths'");
            } else {
                matchers.get(i).validate(errors, key + "[" + i + "]");
            }
        }
    }

    private void validateTrustedCertificates(ConfigErrors errors) {
        if (trustedCertificates == null) {
            return;
        }
        for (int i = 0; i < trustedCertificates.size(); i++) {
            String key = "gatehouse.upstream.trusted-certificates[" + i + "]";
            Path file = trustedCertificates.get(i);
            if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
                errors.reject(key, file, "must be a readable file");
                continue;
            }
            try {
                CertificateFiles.read(file);
            } catch (IOException | CertificateException e) {
                errors.reject(key, file, "must hold X.509 certificates in PEM or DER form");
            }
        }
        if (!trustedCertificates.isEmpty() && url != null && !"https".equalsIgnoreCase(url.getScheme())) {
            errors.reject(
                    "gatehouse.upstream.trusted-certificates",
                    trustedCertificates,
                    "only applies to an https gatehouse.upstream.url, so must be empty for '" + url + "'");
        }
    }

    /** The upstream origin without a trailing slash, e.g. {@code http://127.0.0.1:8081}. */
    public String origin() {
        int port = url.getPort();
        return url.getScheme().toLowerCase() + "://" + url.getHost() + (port == -1 ? "" : ":" + port);
    }
}
