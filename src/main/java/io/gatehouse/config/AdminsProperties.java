package io.gatehouse.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gatehouse.admins.*}: who may open the admin console, and how fresh their second factor must be.
 *
 * @param users usernames or glob patterns ({@code *@it.example.org})
 * @param groups names of groups under {@code gatehouse.groups}
 * @param maxAge how long ago the admin's second factor may have passed; older means a new challenge (step-up)
 */
public record AdminsProperties(
        List<String> users,
        List<String> groups,
        @DefaultValue("15m") Duration maxAge) {

    public AdminsProperties {
        users = users == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(users));
        groups = groups == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(groups));
    }

    public static AdminsProperties none() {
        return new AdminsProperties(List.of(), List.of(), Duration.ofMinutes(15));
    }

    void validate(ConfigErrors errors, Set<String> knownGroups) {
        for (int i = 0; i < users.size(); i++) {
            GroupsProperties.validateUserPattern(errors, "gatehouse.admins.users[" + i + "]", users.get(i));
        }
        for (int i = 0; i < groups.size(); i++) {
            if (!knownGroups.contains(groups.get(i))) {
                errors.reject(
                        "gatehouse.admins.groups[" + i + "]",
                        groups.get(i),
                        "must name a group defined under gatehouse.groups " + knownGroups);
            }
        }
        errors.requirePositive("gatehouse.admins.max-age", maxAge);
        if (maxAge != null && maxAge.compareTo(Duration.ofHours(1)) > 0) {
            errors.reject("gatehouse.admins.max-age", maxAge, "must be 1h or less");
        }
    }
}
