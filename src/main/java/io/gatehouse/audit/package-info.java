/** The audit trail: one JSON log line and one capped Redis stream entry per security event, and the emails they trigger. */
package io.gatehouse.audit;
