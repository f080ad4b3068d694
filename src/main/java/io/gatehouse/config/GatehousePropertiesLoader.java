package io.gatehouse.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Binds {@code gatehouse.*} to {@link GatehouseProperties} and reports every problem at once: values
 * that do not convert, unknown keys (usually typos) and values that break a rule.
 */
public final class GatehousePropertiesLoader {

    private static final String PREFIX = "gatehouse";

    /** Chooses the configuration file itself (see application.yml), so it is not a setting to bind. */
    private static final String CONFIG_FILE_KEY = "gatehouse.config";

    static final String INSECURE_TRUST_MANAGER_KEY =
            "spring.cloud.gateway.server.webflux.httpclient.ssl.use-insecure-trust-manager";

    private GatehousePropertiesLoader() {}

    /** Returns the validated settings, or throws {@link InvalidConfigurationException} listing all problems. */
    public static GatehouseProperties load(Environment environment) {
        Binder binder = Binder.get(environment);
        ConfigErrors errors = new ConfigErrors();
        CollectingBindHandler collecting = new CollectingBindHandler(errors);
        GatehouseProperties properties =
                binder.bindOrCreate(PREFIX, Bindable.of(GatehouseProperties.class), collecting);
        reportUnknownKeys(binder, errors);
        // Values that failed to convert are null here; the rules skip them, so each key is reported once.
        properties.validate(errors);
        refuseInsecureTrustManager(environment, errors);
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException(errors.messages());
        }
        return properties;
    }

    /** Spring Cloud Gateway's switch that accepts any upstream certificate: a man in the middle would see everything. */
    private static void refuseInsecureTrustManager(Environment environment, ConfigErrors errors) {
        String value = environment.getProperty(INSECURE_TRUST_MANAGER_KEY);
        if (value != null && !"false".equalsIgnoreCase(value.trim())) {
            errors.reject(
                    INSECURE_TRUST_MANAGER_KEY,
                    value,
                    "must not be set (it turns off upstream certificate checks;"
                            + " trust a private or self-signed upstream with gatehouse.upstream.trusted-certificates)");
        }
    }

    private static void reportUnknownKeys(Binder binder, ConfigErrors errors) {
        try {
            // Only files and command-line arguments are checked for unknown keys: the environment holds
            // variables such as GATEHOUSE_SECRET_KEY that are not settings, and deployment tools add their own.
            binder.bind(
                    PREFIX,
                    Bindable.of(GatehouseProperties.class),
                    new NoUnboundElementsBindHandler(
                            new IgnoringFailuresBindHandler(),
                            source -> !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource)));
        } catch (BindException e) {
            if (e.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
                Set<String> names = new TreeSet<>();
                for (ConfigurationProperty property : unbound.getUnboundProperties()) {
                    names.add(property.getName().toString());
                }
                names.remove(CONFIG_FILE_KEY);
                names.forEach(errors::unknown);
            }
        }
    }

    /** Records a conversion failure (e.g. "5 minutes" for a duration) and keeps binding the rest. */
    private static final class CollectingBindHandler implements BindHandler {

        private final ConfigErrors errors;

        CollectingBindHandler(ConfigErrors errors) {
            this.errors = errors;
        }

        @Override
        public Object onFailure(
                ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error) {
            ConfigurationProperty property = context.getConfigurationProperty();
            Object value = property != null ? property.getValue() : "?";
            errors.reject(name.toString(), value, "must be " + describe(target));
            return null;
        }

        private static String describe(Bindable<?> target) {
            Class<?> type = target.getType().resolve(Object.class);
            if (type == java.time.Duration.class) {
                return "a duration such as 30s, 5m or 1h";
            }
            if (type == boolean.class || type == Boolean.class) {
                return "true or false";
            }
            if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
                return "a whole number";
            }
            if (type == java.net.URI.class) {
                return "a URL";
            }
            if (type.isEnum()) {
                List<String> names = new ArrayList<>();
                for (Object constant : type.getEnumConstants()) {
                    names.add(((Enum<?>) constant).name().toLowerCase().replace('_', '-'));
                }
                return "one of " + String.join(", ", names);
            }
            return "a valid " + type.getSimpleName();
        }
    }

    /** Lets the unknown-key pass finish even where values do not convert; those are reported already. */
    private static final class IgnoringFailuresBindHandler implements BindHandler {

        @Override
        public Object onFailure(
                ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error) {
            return null;
        }
    }
}
