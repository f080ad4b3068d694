package io.gatehouse.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256, the one digest under which codes and tokens are kept (never in clear) and keys are derived. */
final class Hmacs {

    private static final String ALGORITHM = "HmacSHA256";

    private Hmacs() {}

    /** The HMAC of {@code parts} in order under {@code key}. */
    static byte[] of(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }

    /** The HMAC of {@code value} bound to {@code user}: the name, a zero byte, then the (ASCII) value. */
    static byte[] ofUser(byte[] key, String user, String value) {
        return of(
                key, user.getBytes(StandardCharsets.UTF_8), new byte[] {0}, value.getBytes(StandardCharsets.US_ASCII));
    }
}
