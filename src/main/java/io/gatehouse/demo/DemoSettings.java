package io.gatehouse.demo;

/** The site-wide settings an administrator edits on {@code /admin/settings}; kept in memory only. */
record DemoSettings(String siteName, String supportEmail, String announcement, boolean allowRegistrations) {

    static DemoSettings defaults() {
        return new DemoSettings("Acme Back Office", "it-support@example.org", "", false);
    }
}
