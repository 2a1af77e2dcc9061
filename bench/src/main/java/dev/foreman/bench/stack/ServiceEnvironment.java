package dev.foreman.bench.stack;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns Spring property names into the environment variables that set them, following Spring
 * Boot's relaxed binding: upper case, dots become underscores, dashes are dropped
 * ({@code spring.kafka.bootstrap-servers} becomes {@code SPRING_KAFKA_BOOTSTRAPSERVERS}).
 * Environment variables beat the services' {@code application.yml}, as a deployment would set them.
 */
public final class ServiceEnvironment {
    private ServiceEnvironment() {}

    public static Map<String, String> of(Map<String, String> springProperties) {
        Map<String, String> environment = new LinkedHashMap<>();
        springProperties.forEach((name, value) -> environment.put(variableFor(name), value));
        return environment;
    }

    public static String variableFor(String property) {
        return property.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
    }
}
