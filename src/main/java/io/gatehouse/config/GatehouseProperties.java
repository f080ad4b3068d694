package io.gatehouse.config;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * All of Gatehouse's settings ({@code gatehouse.*}), bound once at start and validated as a whole.
 *
 * @param groups named groups of users that policy rules refer to ({@code gatehouse.groups.<name>})
 * @param mode {@code enforce} (the default) or {@code report-only}: log and count what would be enforced, block nothing
 * @param forwardAuth the verify endpoint for front proxies ({@code gatehouse.forward-auth.*}), off by default
 * @param session how long a second factor keeps a browser verified ({@code gatehouse.session.*})
 * @param server the host names the public server answers for ({@code gatehouse.server.*})
 */
@ConfigurationProperties("gatehouse")
public record GatehouseProperties(
        @DefaultValue UpstreamProperties upstream,
        @DefaultValue RedisProperties redis,
        @DefaultValue FirewallProperties firewall,
        @DefaultValue PolicyProperties policy,
        Map<String, List<String>> groups,
        @DefaultValue TotpProperties totp,
        @DefaultValue LockoutProperties lockout,
        @DefaultValue SecretsProperties secrets,
        @DefaultValue UiProperties ui,
        @DefaultValue AdminsProperties admins,
        @DefaultValue MailProperties mail,
        @DefaultValue AuditProperties audit,
        @DefaultValue EnrollmentProperties enrollment,
        @DefaultValue ChallengeProperties challenge,
        @DefaultValue("enforce") EnforcementMode mode,
        @DefaultValue ForwardAuthProperties forwardAuth,
        @DefaultValue SessionProperties session,
        @DefaultValue ServerProperties server) {

    public GatehouseProperties {
        groups = groups == null ? Map.of() : groups;
        forwardAuth = forwardAuth == null ? ForwardAuthProperties.defaults() : forwardAuth;
        session = session == null ? SessionProperties.defaults() : session;
        server = server == null ? ServerProperties.defaults() : server;
        // Authenticator apps list each account under its issuer: by default, the name users know the site by.
        if (totp != null
                && totp.issuer() == null
                && ui != null
                && ui.siteName() != null
                && !ui.siteName().isBlank()) {
            totp = totp.withIssuer(ui.siteName());
        }
    }

    /** Whether decisions are only reported ({@code gatehouse.mode: report-only}), never enforced. */
    public boolean reportOnly() {
        return mode == EnforcementMode.REPORT_ONLY;
    }

    /** The groups as the policy engine takes them. */
    public GroupsProperties groupsProperties() {
        return new GroupsProperties(groups);
    }

    /** Adds every problem in these settings to {@code errors}. */
    void validate(ConfigErrors errors) {
        upstream.validate(errors);
        redis.validate(errors);
        firewall.validate(errors);
        GroupsProperties groupsProperties = groupsProperties();
        groupsProperties.validate(errors);
        policy.validate(errors, groupsProperties);
        totp.validate(errors);
        lockout.validate(errors);
        secrets.validate(errors);
        ui.validate(errors);
        admins.validate(errors, groupsProperties.groups().keySet());
        mail.validate(errors);
        audit.validate(errors);
        challenge.validate(errors);
        forwardAuth.validate(errors);
        session.validate(errors);
        server.validate(errors);
        refuseHostRulesWithoutHosts(errors);
        if (enrollment.verifyEmail() && !mail.smtpConfigured()) {
            errors.conflict(
                    "gatehouse.enrollment.verify-email: true needs gatehouse.mail.host (the codes are sent by email)");
        }
    }

    /**
     * A rule's {@code hosts:} reads the host a request names, which a client chooses freely unless the server
     * answers only for listed names: such rules need {@code gatehouse.server.hosts}.
     */
    private void refuseHostRulesWithoutHosts(ConfigErrors errors) {
        if (!server.hosts().isEmpty()) {
            return;
        }
        for (int i = 0; i < policy.rules().size(); i++) {
            RuleProperties rule = policy.rules().get(i);
            if (rule != null && !rule.hosts().isEmpty()) {
                List<String> hosts = rule.hosts();
                errors.reject(
                        "gatehouse.policy.rules[" + i + "].hosts",
                        hosts,
                        "needs gatehouse.server.hosts (the"
                                + " host names Gatehouse answers for; without it any client can send any Host header)");
            }
        }
    }
}
