package io.gatehouse.admin;

import io.gatehouse.config.AdminsProperties;
import io.gatehouse.config.GroupsProperties;
import io.gatehouse.policy.GlobPattern;
import io.gatehouse.session.GatehouseSession;
import io.gatehouse.session.SessionLifetime;
import io.gatehouse.session.SessionState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who may use the console: a user named in {@code gatehouse.admins} (directly or through a group) whose session
 * passed the second factor within {@code gatehouse.admins.max-age}, in a session within its idle and absolute limits
 * ({@code gatehouse.session.*}; the console's own pages do not count as activity).
 */
final class AdminAccess {

    /** The answer for one session. */
    enum Verdict {
        /** An admin with a fresh second factor. */
        ALLOWED,
        /** An admin whose second factor is too old, or who signed in without one: challenge first. */
        STEP_UP,
        /** Not signed in. */
        SIGN_IN,
        /** Signed in, not an admin. */
        REFUSED
    }

    private final List<GlobPattern> admins = new ArrayList<>();
    private final AdminsProperties properties;
    private final Clock clock;
    private final SessionLifetime lifetime;
    private final boolean exactCase;

    /**
     * {@code exactCase}: the site's usernames keep their case ({@code username.case: preserve}), so {@code ROOT} is
     * another account than an admin named {@code root}, with a secret of its own, and must not share its rights.
     */
    AdminAccess(
            AdminsProperties properties,
            GroupsProperties groups,
            Clock clock,
            SessionLifetime lifetime,
            boolean exactCase) {
        this.properties = properties;
        this.clock = clock;
        this.lifetime = lifetime;
        this.exactCase = exactCase;
        properties.users().forEach(user -> admins.add(pattern(user)));
        properties.groups().forEach(group -> groups.groups().get(group).forEach(user -> admins.add(pattern(user))));
    }

    private GlobPattern pattern(String user) {
        return exactCase ? GlobPattern.exactCase(user) : new GlobPattern(user);
    }

    boolean isAdmin(String user) {
        String value = exactCase ? user : user.toLowerCase(Locale.ROOT);
        return admins.stream().anyMatch(pattern -> pattern.matches(value));
    }

    Verdict check(GatehouseSession session) {
        if (session.user().isEmpty() || !session.state().released()) {
            return Verdict.SIGN_IN;
        }
        if (!isAdmin(session.user().get())) {
            return Verdict.REFUSED;
        }
        Instant verifiedAt = session.verifiedAt().orElse(null);
        if (session.state() != SessionState.VERIFIED
                || verifiedAt == null
                || verifiedAt.plus(properties.maxAge()).isBefore(clock.instant())
                || lifetime.ended(session)) {
            return Verdict.STEP_UP;
        }
        return Verdict.ALLOWED;
    }
}
