package io.gatehouse.cli;

import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.GatehousePropertiesLoader;
import io.gatehouse.config.InvalidConfigurationException;
import io.gatehouse.firewall.CanonicalPath;
import io.gatehouse.firewall.ServedHosts;
import io.gatehouse.login.UsernameRules;
import io.gatehouse.policy.PolicyResolver;
import io.gatehouse.policy.RequestFacts;
import io.gatehouse.totp.TotpSecret;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code gatehouse <command>}: the operator's commands, run from the same jar with the same configuration
 * file as the gateway, printing plain text and exiting 0 (done), 1 (a problem) or 2 (wrong usage). A command never
 * starts a web server or an embedded Redis (only {@code demo-site} listens, on its own port), so it can run beside
 * the gateway on the same host and configuration.
 */
public final class GatehouseCli {

    /** The commands, by their first word. */
    public static final Set<String> COMMANDS = Set.of("policy", "admin", "secrets", "demo-site", "help");

    static final int OK = 0;
    static final int PROBLEM = 1;
    static final int USAGE = 2;
    static final int REDIS_UNREACHABLE = 3;

    private static final Set<String> USER_COMMANDS = Set.of("status", "disable-2fa", "unlock", "require-enrollment");

    private static final String USAGE_TEXT = """
            Usage:
              gatehouse policy check METHOD URL [USER]   which policy rule decides a request, and why
                e.g. gatehouse policy check GET /admin/users alice@example.org
                     gatehouse policy check POST 'https://intranet.example/wiki?do=admin'
              gatehouse admin status USER               2FA, lockout and sessions of a user
              gatehouse admin disable-2fa USER          delete the user's 2FA, end their sessions, email them
              gatehouse admin unlock USER               lift the user's lockout
              gatehouse admin require-enrollment USER   new 2FA setup at the user's next login
              gatehouse admin sessions revoke USER      end all the user's Gatehouse sessions
              gatehouse admin totp import USER --secret-file FILE [--force]
                                                        enroll USER with a secret from another system: FILE
                                                        (or - for standard input) holds a Base32 key or an
                                                        otpauth://totp/ URI; prints the recovery codes
              gatehouse admin totp generate USER [--force]
                                                        enroll USER with a new secret; prints it, its otpauth
                                                        URI and the recovery codes
                (--force replaces an existing secret instead of refusing)
              gatehouse secrets rotate                  re-encrypt every secret under the current key
              gatehouse demo-site [--port 8081] [--bind 127.0.0.1]
                                                        only the bundled legacy demo site, until stopped
              (admin and secrets commands need gatehouse.redis.url; exit 3 when Redis cannot be reached)
            Options (before or after the command):
              --gatehouse.config=FILE   the configuration file (default config/gatehouse.yml, or GATEHOUSE_CONFIG)
              --KEY=VALUE               any setting, as for the gateway
            """;

    private GatehouseCli() {}

    /**
     * Whether these arguments ask for a command rather than the gateway: any argument that is not an option
     * ({@code --key=value}, {@code -x}) names one, wherever the options stand. An unknown word is a command too (it
     * prints the usage), never a gateway started by mistake; {@code --help} and {@code -h} ask for the usage.
     */
    public static boolean isCommand(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-") || arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit code. {@code demo-site} returns only when the process is stopped. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        int first = firstWord(args);
        if (first >= 0 && args[first].equals("demo-site")) {
            // Its own options (--port 8081) take values as separate words; settings before the word do not apply.
            return DemoSiteCommand.runUntilStopped(List.of(args).subList(first + 1, args.length), out, err);
        }
        List<String> words = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                words.add("help");
                continue;
            }
            boolean setting =
                    arg.startsWith("--") && arg.contains("=") && !arg.startsWith(TotpCommand.SECRET_FILE + "=");
            (setting ? options : words).add(arg);
        }
        if (words.size() >= 2 && words.get(0).equals("admin") && words.get(1).equals("totp")) {
            return totp(words.subList(2, words.size()), options, out, err);
        }
        if (words.size() >= 2 && words.get(0).equals("policy") && words.get(1).equals("check")) {
            return policyCheck(words.subList(2, words.size()), options, out, err);
        }
        if (isAdminCommand(words)) {
            return admin(words, options, out, err);
        }
        (words.isEmpty() || words.get(0).contains("help") ? out : err).print(USAGE_TEXT);
        return words.isEmpty() || words.get(0).contains("help") ? OK : USAGE;
    }

    /** The index of the first argument that is not an option, or -1. */
    private static int firstWord(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("-")) {
                return i;
            }
        }
        return -1;
    }

    private static int policyCheck(List<String> words, List<String> options, PrintStream out, PrintStream err) {
        if (words.size() < 2 || words.size() > 3) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String method = words.get(0).toUpperCase(Locale.ROOT);
        URI target;
        try {
            target = URI.create(words.get(1));
        } catch (IllegalArgumentException e) {
            err.println("Not a URL or path: " + words.get(1));
            return USAGE;
        }
        CanonicalPath.Result path = CanonicalPath.of(target.getRawPath() == null ? "" : target.getRawPath());
        if (!path.isAccepted()) {
            out.println("Refused before policy: the firewall answers 400 ("
                    + path.rejection().map(r -> r.reason()).orElse("") + ")");
            return OK;
        }
        GatehouseProperties properties;
        try (ConfigurableApplicationContext context = configurationOnly(options)) {
            properties = GatehousePropertiesLoader.load(context.getEnvironment());
        } catch (InvalidConfigurationException e) {
            err.println("The configuration has problems:");
            e.problems().forEach(problem -> err.println("  - " + problem));
            return PROBLEM;
        }
        ServedHosts served = new ServedHosts(properties.server().hosts());
        if (target.getHost() != null && served.restricted() && !served.serves(target.getHost())) {
            out.println("Refused before policy: " + target.getHost() + " is not in gatehouse.server.hosts (421)");
            return OK;
        }
        PolicyResolver resolver = PolicyResolver.compile(
                properties.policy(),
                properties.groupsProperties(),
                properties.upstream().usernamesKeepCase());
        String user = words.size() == 3 ? normalise(words.get(2), properties) : null;
        RequestFacts facts = new RequestFacts(
                method,
                path.path(),
                target.getHost() == null ? "" : target.getHost(),
                UriComponentsBuilder.fromUri(target).build().getQueryParams(),
                Optional.ofNullable(user));
        out.print(resolver.explain(facts).format());
        return OK;
    }

    private static boolean isAdminCommand(List<String> words) {
        return words.equals(List.of("secrets", "rotate"))
                || words.size() == 3 && words.get(0).equals("admin") && USER_COMMANDS.contains(words.get(1))
                || words.size() == 4
                        && words.get(0).equals("admin")
                        && words.get(1).equals("sessions")
                        && words.get(2).equals("revoke");
    }

    private static int admin(List<String> words, List<String> options, PrintStream out, PrintStream err) {
        return withRedis(options, err, (commands, properties) -> {
            List<String> normalised = new ArrayList<>(words);
            if (!words.get(0).equals("secrets")) {
                normalised.set(words.size() - 1, normalise(words.get(words.size() - 1), properties));
            }
            return commands.run(normalised, out);
        });
    }

    private static int totp(List<String> words, List<String> options, PrintStream out, PrintStream err) {
        TotpCommand.Options command;
        try {
            command = TotpCommand.parse(words);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
        // Read before connecting, so that a missing file is reported as such and not after Redis' timeout.
        String text = null;
        if (command.secretFile().isPresent()) {
            try {
                text = TotpCommand.read(command.secretFile().get(), System.in);
            } catch (java.io.IOException e) {
                err.println(
                        "Cannot read the secret file " + command.secretFile().get() + ": " + e);
                return PROBLEM;
            }
        }
        String secretText = text;
        return withRedis(options, err, (commands, properties) -> {
            String user = normalise(command.user(), properties);
            TotpSecret secret;
            if (secretText == null) {
                secret = commands.newSecret(user);
            } else {
                try {
                    secret = TotpCommand.secret(secretText, properties.totp().toParameters());
                } catch (IllegalArgumentException e) {
                    err.println("Cannot import the secret: " + e.getMessage());
                    return PROBLEM;
                }
            }
            return commands.totp(user, secret, command.force(), secretText == null, out, err);
        });
    }

    /** What a command does once the configuration is loaded and Redis is connected; returns the exit code. */
    @FunctionalInterface
    private interface WithRedis {
        int run(AdminCommands commands, GatehouseProperties properties) throws InterruptedException;
    }

    /** Loads the configuration, connects to Redis, runs {@code command} and turns every failure into an exit code. */
    private static int withRedis(List<String> options, PrintStream err, WithRedis command) {
        try (ConfigurableApplicationContext context = configurationOnly(options)) {
            GatehouseProperties properties = GatehousePropertiesLoader.load(context.getEnvironment());
            if (properties.redis().embedded()) {
                // The embedded Redis lives inside the running gateway on a random port; a second redis-server on
                // the same data directory would fork the data. Point the command at the gateway's Redis instead.
                err.println(
                        "gatehouse.redis.embedded is true: the embedded Redis runs inside the gateway. Use the admin"
                                + " console, or run this command with --gatehouse.redis.embedded=false"
                                + " --gatehouse.redis.url=redis://127.0.0.1:PORT (the port the gateway logs at start).");
                return REDIS_UNREACHABLE;
            }
            try (AdminCommands commands = AdminCommands.connect(properties, context.getEnvironment())) {
                return command.run(commands, properties);
            }
        } catch (InvalidConfigurationException e) {
            err.println("The configuration has problems:");
            e.problems().forEach(problem -> err.println("  - " + problem));
            return PROBLEM;
        } catch (io.gatehouse.store.RedisUnreachableException e) {
            err.println(e.getMessage());
            return REDIS_UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PROBLEM;
        } catch (RuntimeException e) {
            if (io.gatehouse.store.RedisErrors.isRedisFailure(e)) {
                err.println("Redis cannot be reached: " + e.getMessage());
                return REDIS_UNREACHABLE;
            }
            err.println("Failed: " + e.getMessage());
            return PROBLEM;
        }
    }

    /** The identity the gateway uses for {@code user} (same rule); as typed, trimmed, if the rule refuses it. */
    private static String normalise(String user, GatehouseProperties properties) {
        return UsernameRules.of(properties.upstream()).canonical(user).orElse(user.strip());
    }

    /** Loads the configuration exactly as the gateway does (same file, profiles, environment), nothing else. */
    private static ConfigurableApplicationContext configurationOnly(List<String> options) {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        application.setDefaultProperties(java.util.Map.of("logging.level.root", "warn"));
        return application.run(options.toArray(String[]::new));
    }

    /** Nothing to create: the command needs only the environment. */
    @Configuration(proxyBeanMethods = false)
    static class Empty {}
}
