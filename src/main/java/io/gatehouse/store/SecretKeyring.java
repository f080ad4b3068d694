package io.gatehouse.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys that protect secrets at rest, by key id: one current key encrypts, every key
 * (current and previous) decrypts, so keys can be rotated without locking anyone out.
 */
public final class SecretKeyring {

    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    static final int KEY_BYTES = 32;

    private final String currentId;
    private final Map<String, SecretKey> keys;

    SecretKeyring(String currentId, Map<String, byte[]> keys) {
        if (!keys.containsKey(currentId)) {
            throw new IllegalArgumentException("current key id not in keyring");
        }
        Map<String, SecretKey> copy = new LinkedHashMap<>();
        keys.forEach((id, bytes) -> {
            if (!KEY_ID.matcher(id).matches() || bytes.length != KEY_BYTES) {
                throw new IllegalArgumentException("bad key id or length");
            }
            copy.put(id, new SecretKeySpec(bytes.clone(), "AES"));
        });
        this.currentId = currentId;
        this.keys = Collections.unmodifiableMap(copy);
    }

    /** The id new ciphertexts are sealed with. */
    public String currentId() {
        return currentId;
    }

    /** Every key id that can still decrypt, the current one included. */
    public Set<String> ids() {
        return keys.keySet();
    }

    /**
     * A key for another purpose (an HMAC, say), derived from the current key and {@code label} so that one
     * key never serves two purposes. It changes when the current key is rotated.
     */
    public byte[] deriveKey(String label) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(current().getEncoded(), "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    SecretKey current() {
        return keys.get(currentId);
    }

    Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /**
     * The default id of a key: "k" and 8 hex digits of a domain-separated SHA-256 of it, stable across
     * restarts and gateways without having to be configured, and revealing nothing usable about the key.
     */
    static String deriveId(byte[] key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("gatehouse/key-id/v1".getBytes(StandardCharsets.US_ASCII));
            return "k" + HexFormat.of().formatHex(sha256.digest(key), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lists key ids only: key material never reaches a log line. */
    @Override
    public String toString() {
        return "SecretKeyring[current=" + currentId + ", ids=" + keys.keySet() + "]";
    }
}
