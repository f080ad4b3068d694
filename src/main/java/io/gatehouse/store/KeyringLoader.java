package io.gatehouse.store;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the keyring from {@code GATEHOUSE_SECRET_KEY} (the current key) and the optional
 * {@code GATEHOUSE_SECRET_KEYS_OLD} (previous keys, comma-separated); each entry is {@code base64} of
 * 32 bytes or {@code id:base64}.
 */
public final class KeyringLoader {

    public static final String CURRENT_KEY_VARIABLE = "GATEHOUSE_SECRET_KEY";
    public static final String OLD_KEYS_VARIABLE = "GATEHOUSE_SECRET_KEYS_OLD";

    private KeyringLoader() {}

    /** The keyring from the process environment; see {@link #fromEnvironment(Map)}. */
    public static SecretKeyring fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The keyring from {@code environment}; throws {@link MissingSecretKeyException} when there is no
     * current key and {@link InvalidSecretKeyException} when an entry is malformed.
     */
    public static SecretKeyring fromEnvironment(Map<String, String> environment) {
        return parse(environment.get(CURRENT_KEY_VARIABLE), environment.get(OLD_KEYS_VARIABLE));
    }

    static SecretKeyring parse(String current, String old) {
        if (current == null || current.isBlank()) {
            throw new MissingSecretKeyException(CURRENT_KEY_VARIABLE + " is not set: it must hold the base64 of "
                    + "32 random bytes (for example the output of 'openssl rand -base64 32'), optionally "
                    + "prefixed with a key id as 'id:base64'. Without it TOTP secrets cannot be encrypted.");
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String currentId = add(keys, current.trim(), CURRENT_KEY_VARIABLE);
        if (old != null && !old.isBlank()) {
            for (String entry : old.split(",")) {
                if (!entry.isBlank()) {
                    add(keys, entry.trim(), OLD_KEYS_VARIABLE);
                }
            }
        }
        return new SecretKeyring(currentId, keys);
    }

    private static String add(Map<String, byte[]> keys, String entry, String variable) {
        int colon = entry.indexOf(':');
        byte[] key = decode(colon < 0 ? entry : entry.substring(colon + 1), variable);
        String id = colon < 0 ? SecretKeyring.deriveId(key) : entry.substring(0, colon);
        if (!SecretKeyring.KEY_ID.matcher(id).matches()) {
            throw new InvalidSecretKeyException(variable + " has a key id that is not 1 to 32 of [A-Za-z0-9_-]");
        }
        byte[] existing = keys.get(id);
        if (existing != null && !java.util.Arrays.equals(existing, key)) {
            throw new InvalidSecretKeyException(variable + " reuses key id '" + id + "' for a different key");
        }
        keys.putIfAbsent(id, key);
        return id;
    }

    private static byte[] decode(String base64, String variable) {
        byte[] key;
        try {
            // Accept both alphabets: keys get pasted from openssl (standard) and from URL-safe tools.
            key = base64.indexOf('-') >= 0 || base64.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(base64)
                    : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidSecretKeyException(variable + " is not valid base64 (value not shown)");
        }
        if (key.length != SecretKeyring.KEY_BYTES) {
            throw new InvalidSecretKeyException(
                    variable + " must decode to 32 bytes but decodes to " + key.length + " (value not shown)");
        }
        return key;
    }
}
