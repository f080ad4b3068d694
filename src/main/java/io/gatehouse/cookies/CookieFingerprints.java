package io.gatehouse.cookies;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC fingerprints that bind the upstream session cookies Gatehouse released to the Gatehouse session
 * they were released to. Each cookie is fingerprinted on its own, because a cookie with a narrower
 * {@code Path} is not sent on every request: a request passes when every session cookie it carries is one
 * that was released.
 */
public final class CookieFingerprints {

    private final byte[] key;

    /** One initialised MAC per thread: the event loops check fingerprints on every protected request. */
    private final ThreadLocal<Mac> macs;

    public CookieFingerprints(byte[] key) {
        this.key = key.clone();
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The fingerprint of a set of cookies, e.g. {@code LEGACYSESSID:3q2+7w,theme:…}. */
    public String of(Map<String, String> cookies) {
        List<String> parts = new ArrayList<>();
        cookies.forEach((name, value) -> parts.add(name.toLowerCase(Locale.ROOT) + ":" + digest(name, value)));
        parts.sort(null);
        return String.join(",", parts);
    }

    /** Whether every cookie presented was released under {@code fingerprint}; none presented is no match. */
    public boolean matches(String fingerprint, Map<String, List<String>> presented) {
        if (presented.isEmpty()) {
            return false;
        }
        Map<String, String> released = new HashMap<>();
        for (String part : fingerprint.split(",")) {
            int colon = part.indexOf(':');
            if (colon > 0) {
                released.put(part.substring(0, colon), part.substring(colon + 1));
            }
        }
        for (Map.Entry<String, List<String>> cookie : presented.entrySet()) {
            String expected = released.get(cookie.getKey().toLowerCase(Locale.ROOT));
            for (String value : cookie.getValue()) {
                byte[] actual = digest(cookie.getKey(), value).getBytes(StandardCharsets.US_ASCII);
                if (expected == null || !MessageDigest.isEqual(actual, expected.getBytes(StandardCharsets.US_ASCII))) {
                    return false;
                }
            }
        }
        return true;
    }

    private String digest(String name, String value) {
        Mac mac = macs.get();
        mac.update(name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        byte[] full = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, 16));
    }
}
