package io.gatehouse.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;

/**
 * Names a method HTTP does not define {@code OTHER} in Spring Cloud Gateway's request timer
 * ({@code spring.cloud.gateway.requests}): a client inventing method names must not make a new timer, with its
 * histogram, per name.
 */
final class GatewayRequestMethodFilter implements MeterFilter {

    static final String METRIC = "spring.cloud.gateway.requests";

    private static final String METHOD_TAG = "httpMethod";

    private static final Set<String> STANDARD_METHODS = Arrays.stream(HttpMethod.values()).map(HttpMethod::name)
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!METRIC.equals(id.getName())) {
            return id;
        }
        String method = id.getTag(METHOD_TAG);
        if (method == null || STANDARD_METHODS.contains(method)) {
            return id;
        }
        return id.replaceTags(Tags.of(id.getTagsAsIterable()).and(METHOD_TAG, "OTHER"));
    }
}
