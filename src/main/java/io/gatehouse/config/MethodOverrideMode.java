package io.gatehouse.config;

/**
 * {@code gatehouse.upstream.forward-headers.method-override}: what happens to method-override headers
 * ({@code X-HTTP-Method-Override}, {@code X-HTTP-Method}, {@code X-Method-Override}) once the policy has judged every
 * method they claim. YAML spells these {@code strip} and {@code keep}.
 */
public enum MethodOverrideMode {

    /** Removed: the site acts on the request line's method only (the default). */
    STRIP,

    /**
     * Forwarded, for sites that need them (clients that tunnel {@code PUT} or {@code DELETE} through {@code POST});
     * the policy has held for every claimed method. Spellings with {@code _} are removed all the same.
     */
    KEEP
}
