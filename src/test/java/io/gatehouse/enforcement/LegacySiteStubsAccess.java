package io.gatehouse.enforcement;

import com.github.tomakehurst.wiremock.WireMockServer;

/** The legacy-site stubs for tests in other packages. */
public final class LegacySiteStubsAccess {

    private LegacySiteStubsAccess() {}

    /** Form login where each user gets their own upstream session cookie ({@code LEGACYSESSID=<user>}). */
    public static void formLogin(WireMockServer upstream) {
        LegacySiteStubs.formLogin(upstream);
    }
}
