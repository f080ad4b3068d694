package io.gatehouse.proxy;

import io.gatehouse.config.ForwardHeadersProperties;
import io.gatehouse.config.MethodOverrideMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The client headers that never reach the site: those that speak for identity, the client's address, the original
 * URL or the client's certificate, whose only honest author is a proxy in front of the site (now Gatehouse), not a
 * client. Names compare case-insensitively and with {@code _} and {@code -} as one, because PHP, CGI and many
 * frameworks map {@code X-Forwarded-User}, {@code X_Forwarded_User} and {@code X-Forwarded_User} to the same variable.
 * An allowed name is kept in exactly its configured spelling (any case), never in its {@code _} twin.
 */
final class ClientHeaderNames {

    /** Always removed, whatever is configured: only Gatehouse speaks as Gatehouse. */
    static final String GATEHOUSE_PREFIX = "x-gatehouse-";

    /** Identity asserted by an SSO proxy, auth gateway or web server module (oauth2-proxy, Authelia, mod_auth_*, ...). */
    static final List<String> IDENTITY = List.of(
            "x-remote-user",
            "remote-user",
            "x-auth-user",
            "x-auth-request-user",
            "x-auth-request-email",
            "x-auth-request-preferred-username",
            "x-auth-request-groups",
            "x-auth-request-access-token",
            "x-forwarded-user",
            "x-forwarded-email",
            "x-forwarded-preferred-username",
            "x-forwarded-groups",
            "x-forwarded-access-token",
            "x-webauth-user",
            "x-webauth-email",
            "x-webauth-name",
            "x-webauth-groups",
            "x-remote-email",
            "x-remote-groups",
            "x-remote-name",
            "x-user",
            "x-username",
            "x-user-id",
            "x-user-email",
            "x-user-name",
            "x-user-groups",
            "x-email",
            "x-groups",
            "remote-email",
            "remote-name",
            "remote-groups",
            "auth-user",
            "x-authenticated-user",
            "x-authenticated-userid",
            "x-authenticated-email",
            "x-authenticated-groups",
            "x-consumer-username",
            "x-consumer-id",
            "x-consumer-custom-id",
            "x-credential-identifier",
            "x-anonymous-consumer",
            "x-ms-client-principal",
            "x-ms-client-principal-name",
            "x-ms-client-principal-id",
            "x-ms-client-principal-idp",
            "x-goog-authenticated-user-email",
            "x-goog-authenticated-user-id",
            "x-goog-iap-jwt-assertion",
            "x-amzn-oidc-identity",
            "x-amzn-oidc-data",
            "x-amzn-oidc-accesstoken",
            "cf-access-authenticated-user-email",
            "cf-access-jwt-assertion",
            "x-authentik-username",
            "x-authentik-email",
            "x-authentik-groups",
            "x-authentik-uid",
            "x-vouch-user",
            "x-pomerium-jwt-assertion",
            "x-proxy-user",
            "proxy-user");

    /** The client's address or the hop it came through, as CDNs, load balancers and proxies report it. */
    static final List<String> ADDRESS = List.of(
            "x-real-ip",
            "x-client-ip",
            "true-client-ip",
            "cf-connecting-ip",
            "cf-connecting-ipv6",
            "cf-pseudo-ipv4",
            "fastly-client-ip",
            "x-cluster-client-ip",
            "x-envoy-external-address",
            "x-envoy-internal",
            "x-proxyuser-ip",
            "client-ip",
            "x-originating-ip",
            "x-azure-clientip",
            "x-azure-socketip",
            "x-appengine-user-ip",
            "x-forwarded-server",
            "x-forwarded",
            "forwarded-for",
            "x-host",
            "x-original-host",
            "x-forwarded-ssl",
            "x-forwarded-scheme",
            "x-forwarded-protocol",
            "front-end-https",
            "x-url-scheme");

    /** The URL or method "really" asked for, honoured by frameworks behind rewriting proxies (CVE-2018-14773). */
    static final List<String> ORIGINAL_REQUEST = List.of(
            "x-original-url",
            "x-rewrite-url",
            "x-original-uri",
            "x-original-method",
            "x-forwarded-uri",
            "x-forwarded-path",
            "x-forwarded-method",
            "x-envoy-original-path",
            "x-envoy-original-url",
            "x-override-url",
            "x-http-destinationurl",
            "x-proxy-url",
            "x-original-path",
            "x-request-uri");

    /** The client certificate a TLS-terminating proxy checked (Envoy, nginx, Apache, Azure). */
    static final List<String> CLIENT_CERTIFICATE = List.of(
            "x-client-cert",
            "x-client-certificate",
            "x-forwarded-client-cert",
            "x-arr-clientcert",
            "x-ssl-cert",
            "ssl-client-cert",
            "x-client-verify",
            "x-client-dn",
            "x-amzn-mtls-clientcert");

    /** Fixed prefixes besides the configured ones. */
    static final List<String> FIXED_PREFIXES = List.of(GATEHOUSE_PREFIX, "x-ssl-client-", "ssl-client-");

    /** The method-override headers that the policy judges, normalised. */
    static final List<String> METHOD_OVERRIDES =
            MethodOverrides.HEADERS.stream().map(ClientHeaderNames::normalise).toList();

    /** Exact names by length: a name is compared with the few of its own length only. */
    private final String[][] byLength;

    private final String[] prefixes;
    /** Kept in this spelling, compared ignoring case only. */
    private final String[] allowed;
    /** Lower-case first letters of every name and prefix: most header names are ruled out by this alone. */
    private final String firstLetters;

    ClientHeaderNames(ForwardHeadersProperties settings) {
        List<String> names = new ArrayList<>();
        names.addAll(IDENTITY);
        names.addAll(ADDRESS);
        names.addAll(ORIGINAL_REQUEST);
        names.addAll(CLIENT_CERTIFICATE);
        names.addAll(METHOD_OVERRIDES);
        List<String> allPrefixes = new ArrayList<>(FIXED_PREFIXES);
        settings.removePrefixes().forEach(prefix -> allPrefixes.add(normalise(prefix)));
        List<String> allow = new ArrayList<>(settings.allow());
        if (settings.methodOverride() == MethodOverrideMode.KEEP) {
            // The spellings the policy judged; their "_" twins are not judged and stay removed.
            allow.addAll(MethodOverrides.HEADERS);
        }
        int longest = names.stream().mapToInt(String::length).max().orElse(0);
        List<List<String>> buckets = new ArrayList<>();
        for (int i = 0; i <= longest; i++) {
            buckets.add(new ArrayList<>());
        }
        names.forEach(name -> buckets.get(name.length()).add(normalise(name)));
        this.byLength =
                buckets.stream().map(bucket -> bucket.toArray(String[]::new)).toArray(String[][]::new);
        this.prefixes = allPrefixes.toArray(String[]::new);
        // X-Gatehouse-* is refused by validation; the filter still never keeps it.
        this.allowed = allow.stream()
                .filter(name -> !normalise(name).startsWith(GATEHOUSE_PREFIX))
                .toArray(String[]::new);
        StringBuilder letters = new StringBuilder();
        names.forEach(name -> addFirstLetter(letters, name));
        allPrefixes.forEach(prefix -> addFirstLetter(letters, prefix));
        this.firstLetters = letters.toString();
    }

    /** Whether a client's header of this name is kept from the site. Allocates nothing. */
    boolean isRemoved(String name) {
        int length = name.length();
        if (length == 0 || firstLetters.indexOf(folded(name.charAt(0))) < 0) {
            return false;
        }
        if (!listed(name, length)) {
            return false;
        }
        for (String kept : allowed) {
            if (kept.equalsIgnoreCase(name)) {
                return false;
            }
        }
        return true;
    }

    private boolean listed(String name, int length) {
        if (length < byLength.length) {
            for (String candidate : byLength[length]) {
                if (sameStart(name, candidate)) {
                    return true;
                }
            }
        }
        for (String prefix : prefixes) {
            if (length >= prefix.length() && sameStart(name, prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code name} starts with {@code normalised} (lower case, {@code -}), reading {@code _} as {@code -}. */
    private static boolean sameStart(String name, String normalised) {
        for (int i = 0; i < normalised.length(); i++) {
            if (folded(name.charAt(i)) != normalised.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Lower case, and {@code _} as {@code -}. */
    private static char folded(char c) {
        if (c == '_') {
            return '-';
        }
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void addFirstLetter(StringBuilder letters, String name) {
        char first = folded(name.charAt(0));
        if (letters.indexOf(String.valueOf(first)) < 0) {
            letters.append(first);
        }
    }
}
