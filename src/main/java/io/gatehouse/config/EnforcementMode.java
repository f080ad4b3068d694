package io.gatehouse.config;

/**
 * {@code gatehouse.mode}: whether Gatehouse enforces its decisions or only reports them. YAML spells these
 * {@code enforce} and {@code report-only}.
 */
public enum EnforcementMode {

    /** Every decision applies: second factors are asked for, cookies held and refused, deny rules refuse. */
    ENFORCE,

    /**
     * Nothing is blocked: each decision that would redirect, refuse a cookie, deny or hold a login's cookies is
     * logged, audited and counted instead, and the request goes on as if Gatehouse were not there. The firewall
     * still refuses ambiguous request targets.
     */
    REPORT_ONLY
}
