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

/**
 * Binds {@code gatehouse.*} to {@link GatehouseProperties} and reports every problem at once: values
 * that do not convert, unknown keys (usually typos) and values that break a rule.
 */
public final class GatehousePropertiesLoader {

    private static final String PREFIX = "gatehouse";

    /** Chooses the configuration file itself (see application.yml), so it is not a setting to bind. */
    private static final String CONFIG_FILE_KEY = "gatehouse.config";

    /**
     * {@code GATEHOUSE_SECRET_KEY} and {@code GATEHOUSE_SECRET_KEYS_OLD}, as the binder reads them from the
     * environment; they are not settings of the file but are read by {@code store.KeyringLoader}.
     */
    private static final Set<String> KEY_VARIABLES = Set.of("gatehouse.secret.key", "gatehouse.secret.keys.old");

    private GatehousePropertiesLoader() {
    }

    /** Returns the validated settings, or throws {@link InvalidConfigurationException} listing all problems. */
    public static GatehouseProperties load(Environment environment) {
        Binder binder = Binder.get(environment);
        ConfigErrors errors = new ConfigErrors();
        CollectingBindHandler collecting = new CollectingBindHandler(errors);
        GatehouseProperties properties = binder
                .bindOrCreate(PREFIX, Bindable.of(GatehouseProperties.class), collecting);
        reportUnknownKeys(binder, errors);
        // Values that failed to convert are null here; the rules skip them, so each key is reported once.
        properties.validate(errors);
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException(errors.messages());
        }
        return properties;
    }

    private static void reportUnknownKeys(Binder binder, ConfigErrors errors) {
        try {
            binder.bind(PREFIX, Bindable.of(GatehouseProperties.class),
                    new NoUnboundElementsBindHandler(new IgnoringFailuresBindHandler()));
        } catch (BindException e) {
            if (e.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
                Set<String> names = new TreeSet<>();
                for (ConfigurationProperty property : unbound.getUnboundProperties()) {
                    names.add(property.getName().toString());
                }
                names.remove(CONFIG_FILE_KEY);
                names.removeAll(KEY_VARIABLES);
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
        public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                Exception error) {
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
        public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                Exception error) {
            return null;
        }
    }
}
