package io.gatehouse.config;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gatehouse.audit.*}: the audit trail in Redis (besides the {@code gatehouse.audit} log lines, always on).
 *
 * @param maxEvents about how many events the Redis stream keeps (XADD MAXLEN ~)
 */
public record AuditProperties(@DefaultValue("10000") long maxEvents) {

    public static AuditProperties defaults() {
        return new AuditProperties(10000);
    }

    void validate(ConfigErrors errors) {
        if (maxEvents < 100 || maxEvents > 10_000_000) {
            errors.reject("gatehouse.audit.max-events", maxEvents, "must be from 100 to 10000000");
        }
    }
}
