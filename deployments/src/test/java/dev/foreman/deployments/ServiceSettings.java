package dev.foreman.deployments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What settings each Foreman service reads, so that a deployment file can be checked to set only
 * those: the environment variables its {@code <service>.yml} names in placeholders
 * ({@code ${FOREMAN_DATABASE_URL:…}}), and every property in the configuration metadata on the
 * class path (Spring Boot's own modules and the services' {@code foreman.*} records, written by
 * spring-boot-configuration-processor), in the environment-variable form Spring's relaxed binding
 * maps onto it ({@code SPRING_DATASOURCE_URL} → {@code spring.datasource.url},
 * {@code FOREMAN_WORKER_MAX_IN_FLIGHT} → {@code foreman.worker.max-in-flight}).
 *
 * <p>A {@code foreman.<x>.*} property counts only for its own service: {@code FOREMAN_WORKER_*} set
 * on api-service is a mistake even though the property exists.
 */
final class ServiceSettings {
    static final List<String> SERVICES = List.of("api-service", "worker-service", "scheduler-service");

    /** Settings every service reads alike (the common module's records): {@code foreman.tracing.*}. */
    static final List<String> SHARED_PREFIXES = List.of("foreman.tracing.");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Map<String, String> OWN_PREFIX = Map.of(
            "api-service", "foreman.api.",
            "worker-service", "foreman.worker.",
            "scheduler-service", "foreman.scheduler.");

    private final Set<String> properties = new TreeSet<>();
    private final Set<String> mapProperties = new TreeSet<>();

    private ServiceSettings() {}

    static ServiceSettings fromClassPath() {
        ServiceSettings settings = new ServiceSettings();
        JsonMapper json = JsonMapper.builder().build();
        for (String file : List.of(
                "META-INF/spring-configuration-metadata.json",
                "META-INF/additional-spring-configuration-metadata.json")) {
            for (URL url : resources(file)) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        String name = property.path("name").asString();
                        settings.properties.add(name);
                        String type = property.path("type").asString("");
                        if (type.startsWith("java.util.Map") || type.equals("java.util.Properties")) {
                            settings.mapProperties.add(name);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not read " + url, e);
                }
            }
        }
        return settings;
    }

    /** Whether {@code service} reads the environment variable {@code name}. */
    boolean reads(String service, String name) {
        if (placeholders(service).contains(name)) {
            return true;
        }
        for (String property : properties) {
            if (belongsTo(service, property) && environmentForms(property).contains(name)) {
                return true;
            }
        }
        for (String map : mapProperties) {
            if (belongsTo(service, map)
                    && environmentForms(map).stream().anyMatch(prefix -> name.startsWith(prefix + "_"))) {
                return true;
            }
        }
        return false;
    }

    /** Every {@code foreman.*} property in the metadata: the services' own settings. */
    Set<String> foremanProperties() {
        Set<String> foreman = new TreeSet<>();
        properties.stream().filter(name -> name.startsWith("foreman.")).forEach(foreman::add);
        return foreman;
    }

    /** The environment variables the service's yml reads directly, e.g. {@code FOREMAN_DATABASE_URL}. */
    static Set<String> placeholders(String service) {
        Set<String> names = new HashSet<>();
        try (InputStream in = ServiceSettings.class.getResourceAsStream("/" + service + ".yml")) {
            if (in == null) {
                throw new IllegalStateException(service + ".yml is not on the test class path");
            }
            Matcher placeholder =
                    PLACEHOLDER.matcher(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            while (placeholder.find()) {
                names.add(placeholder.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * The environment variables Spring binds to {@code property}: the canonical form (upper case,
     * dots to underscores, dashes dropped: {@code SPRING_KAFKA_BOOTSTRAPSERVERS}) and the legacy one
     * it still maps, with dashes as underscores ({@code SPRING_KAFKA_BOOTSTRAP_SERVERS}).
     */
    static Set<String> environmentForms(String property) {
        String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
        return Set.copyOf(List.of(upper.replace("-", ""), upper.replace('-', '_')));
    }

    private static boolean belongsTo(String service, String property) {
        if (!property.startsWith("foreman.") || SHARED_PREFIXES.stream().anyMatch(property::startsWith)) {
            return true;
        }
        return property.startsWith(OWN_PREFIX.get(service));
    }

    private static List<URL> resources(String name) {
        try {
            return Collections.list(ServiceSettings.class.getClassLoader().getResources(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
