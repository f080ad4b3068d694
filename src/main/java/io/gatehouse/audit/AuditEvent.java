package io.gatehouse.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One security event: what happened ({@code type}, e.g. {@code challenge.failed}), to whom, by whom (the user
 * themselves, an admin's name, or {@code cli}), from which client address, and details as plain strings.
 */
public record AuditEvent(
        Instant at, String type, String user, String actor, String clientIp, Map<String, String> details) {

    public AuditEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** The event as a flat JSON object, keys in a fixed order; values are escaped, never trusted. */
    public String toJson() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("at", at.toString());
        fields.put("type", type);
        fields.put("user", user);
        fields.put("actor", actor);
        fields.put("ip", clientIp);
        new java.util.TreeMap<>(details).forEach(fields::putIfAbsent);
        StringBuilder json = new StringBuilder("{");
        fields.forEach((key, value) -> {
            if (value != null) {
                json.append(json.length() > 1 ? "," : "")
                        .append(quote(key))
                        .append(':')
                        .append(quote(value));
            }
        });
        return json.append('}').toString();
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
