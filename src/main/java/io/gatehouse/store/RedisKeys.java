package io.gatehouse.store;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Owns every Redis key name Gatehouse's two-factor state uses and the configurable prefix. One user's keys
 * share the Redis Cluster hash tag {@code {user:<base64url(user)>}}, so scripts can touch them together;
 * encoding the user id keeps '{', '}' and ':' in usernames from colliding with the layout.
 */
public final class RedisKeys {

    /** The prefix used when none is configured. */
    public static final String DEFAULT_PREFIX = "gatehouse:";

    private static final String USER_TAG = "{user:";
    private static final String CLIENT_TAG = "{client:";
    private static final String SECRET = ":secret";

    private final String prefix;

    public RedisKeys(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    public String prefix() {
        return prefix;
    }

    /** Hash: the sealed secret and the algorithm, digits and period it was enrolled with. */
    String secret(String user) {
        return userKey(user, SECRET);
    }

    /** String: the last accepted time step, so that no code (or older step) is accepted twice. */
    String lastStep(String user) {
        return userKey(user, ":last-step");
    }

    /** Hash: failures in the current round, consecutive failures, back-off level, locked-until. */
    String lockout(String user) {
        return userKey(user, ":lockout");
    }

    /** Set: HMAC digests of the unused recovery codes. */
    String recoveryCodes(String user) {
        return userKey(user, ":recovery-codes");
    }

    /** String: when the user last passed a second factor (ISO-8601 instant). */
    String lastVerified(String user) {
        return userKey(user, ":last-verified");
    }

    /** String: present when an administrator asked that the user enroll again at the next login. */
    String mustEnroll(String user) {
        return userKey(user, ":must-enroll");
    }

    /** String with a TTL: the HMAC of the one-time code emailed before an enrollment, until used or expired. */
    String emailCode(String user) {
        return userKey(user, ":email-code");
    }

    /** String with a TTL: present while another emailed code may not be sent yet ("send again" is rate-limited). */
    String emailCodeSent(String user) {
        return userKey(user, ":email-code-sent");
    }

    /** Sorted set with a TTL: the ids of the user's remembered-browser tokens, scored by their expiry (epoch ms). */
    String deviceTokens(String user) {
        return userKey(user, ":device-tokens");
    }

    /** String with a TTL: present while a notice of one kind (e.g. a lockout email) was sent recently. */
    String noticeSent(String user, String kind) {
        return userKey(user, ":notice:" + kind);
    }

    /** String with a TTL: a marker written after a user's write to learn when replicas hold it (WAIT). */
    String replicated(String user) {
        return userKey(user, ":replicated");
    }

    /** Stream: the audit trail, capped (XADD MAXLEN ~). One key, outside any user's hash slot. */
    public String auditStream() {
        return prefix + "audit";
    }

    /** Hash: failures from one client address in the current window. */
    String clientFailures(String clientIp) {
        return prefix + CLIENT_TAG + encode(clientIp) + "}:failures";
    }

    /** A SCAN pattern matching every user's secret key, whatever glob characters the prefix contains. */
    String secretScanPattern() {
        return escapeGlob(prefix) + USER_TAG + "*}" + SECRET;
    }

    /** The user a secret key belongs to, or empty for a key not laid out by this class. */
    Optional<String> userOfSecretKey(String key) {
        String head = prefix + USER_TAG;
        if (!key.startsWith(head) || !key.endsWith("}" + SECRET)) {
            return Optional.empty();
        }
        String encoded = key.substring(head.length(), key.length() - SECRET.length() - 1);
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The one form of a user id used for keys and as associated data: Unicode NFC, so that the same name
     * typed on two keyboards maps to one user. Case is kept; folding it is the login observer's decision,
     * because only it knows whether the upstream treats "Alice" and "alice" as one account.
     */
    static String canonicalUser(String user) {
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("user id must not be empty");
        }
        return Normalizer.normalize(user, Normalizer.Form.NFC);
    }

    private String userKey(String user, String suffix) {
        return prefix + USER_TAG + encode(canonicalUser(user)) + "}" + suffix;
    }

    private static String encode(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String escapeGlob(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
