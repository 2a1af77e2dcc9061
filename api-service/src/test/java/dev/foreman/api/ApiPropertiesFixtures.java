package dev.foreman.api;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@link ApiProperties} as the application would bind them, for unit tests without Spring. */
public final class ApiPropertiesFixtures {
    private ApiPropertiesFixtures() {}

    public static ApiProperties defaults() {
        return with(Map.of());
    }

    /** The defaults with some {@code foreman.api.*} properties set. */
    public static ApiProperties with(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("foreman.api", ApiProperties.class);
    }
}
