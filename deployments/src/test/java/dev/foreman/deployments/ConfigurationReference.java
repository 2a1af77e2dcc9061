package dev.foreman.deployments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/configuration.md as the services' configuration metadata says it must read: every
 * {@code foreman.*} property of each service with its type, default and description (the Javadoc of
 * its {@code *Properties} record, written to the metadata by spring-boot-configuration-processor).
 */
final class ConfigurationReference {
    private static final Map<String, String> PREFIXES = Map.of(
            "api-service",
            "foreman.api.",
            "worker-service",
            "foreman.worker.",
            "scheduler-service",
            "foreman.scheduler.");

    private static final Pattern JAVADOC_CODE = Pattern.compile("\\{@(?:code|link|linkplain) ([^}]*)}");

    private ConfigurationReference() {}

    static String markdown() {
        List<JsonNode> properties = foremanProperties();
        StringBuilder doc = new StringBuilder("""
                # Configuration reference

                <!-- Generated from the services' configuration metadata by ConfigurationReferenceTest
                     (deployments/): edit the Javadoc of the *Properties records, then run
                     ./foreman mvn -pl deployments -am verify -Dtest=ConfigurationReferenceTest -Dforeman.docs.write=true
                     -Dsurefire.failIfNoSpecifiedTests=false -->

                Every Foreman setting, by service. Set one as a property in the service's yml, a command-line
                argument (`--foreman.worker.max-in-flight=256`) or an environment variable in Spring's form:
                upper case, dots to underscores, dashes dropped (`FOREMAN_WORKER_MAXINFLIGHT=256`; the form with
                underscores for dashes, `FOREMAN_WORKER_MAX_IN_FLIGHT`, works too). Durations take `ms`, `s`,
                `m`, `h`, `d`. Infrastructure settings are Spring Boot's own: `SPRING_DATASOURCE_URL`,
                `SPRING_DATASOURCE_USERNAME`, `SPRING_DATASOURCE_PASSWORD`, `SPRING_KAFKA_BOOTSTRAP_SERVERS`,
                `SPRING_DATA_REDIS_URL`, `SERVER_PORT`, and `SPRING_FLYWAY_ENABLED=false` for a service that must
                not migrate the database on start (docs/deployment.md). The deployment tests check that compose
                and the Kubernetes manifests set only settings listed here or read by Spring Boot.
                """);
        for (String service : ServiceSettings.SERVICES) {
            section(doc, properties, service, PREFIXES.get(service));
        }
        for (String shared : ServiceSettings.SHARED_PREFIXES) {
            section(doc, properties, "every service", shared);
        }
        return doc.toString();
    }

    /** The table of the settings under {@code prefix}, headed {@code title}. */
    private static void section(StringBuilder doc, List<JsonNode> properties, String title, String prefix) {
        doc.append("\n## ").append(title).append(" (`").append(prefix).append("*`)\n\n");
        doc.append("| setting | type | default | meaning |\n|---|---|---|---|\n");
        properties.stream()
                .filter(property -> property.path("name").asString().startsWith(prefix))
                .forEach(property -> doc.append("| `")
                        .append(property.path("name").asString())
                        .append("` | ")
                        .append(simpleType(property.path("type").asString("")))
                        .append(" | ")
                        .append(
                                property.has("defaultValue")
                                        ? "`" + property.get("defaultValue").asString() + "`"
                                        : "")
                        .append(" | ")
                        .append(markdown(property.path("description").asString("")))
                        .append(" |\n"));
    }

    /** Javadoc's {@code {@code x}} and {@code {@link x}} as Markdown code; one line; pipes escaped for the table. */
    private static String markdown(String javadoc) {
        return JAVADOC_CODE
                .matcher(javadoc)
                .replaceAll("`$1`")
                .replace("\n", " ")
                .replace("|", "\\|");
    }

    private static String simpleType(String type) {
        return type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
    }

    private static List<JsonNode> foremanProperties() {
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> properties = new ArrayList<>();
        try {
            for (URL url : Collections.list(ConfigurationReference.class
                    .getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        if (property.path("name").asString().startsWith("foreman.")) {
                            properties.add(property);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.sort(Comparator.comparing(property -> property.path("name").asString()));
        return properties;
    }
}
