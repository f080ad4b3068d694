package io.gatehouse.cookies;

import io.gatehouse.store.SealedValues;
import java.util.Arrays;
import java.util.List;

/**
 * The upstream's session cookies while Gatehouse holds them back: sealed with the encryption key and bound to
 * the user, so a Redis dump holds no usable upstream session and a sealed set cannot be moved to another user.
 */
public final class HeldCookies {

    private static final String PURPOSE = "held-upstream-cookies";

    private final SealedValues sealed;

    public HeldCookies(SealedValues sealed) {
        this.sealed = sealed;
    }

    /** {@code Set-Cookie} headers never contain a line break, so one joins them. */
    public String seal(String user, List<String> setCookies) {
        return sealed.seal(PURPOSE, user, String.join("\n", setCookies));
    }

    public List<String> open(String user, String sealedCookies) {
        String joined = sealed.open(PURPOSE, user, sealedCookies);
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
    }
}
