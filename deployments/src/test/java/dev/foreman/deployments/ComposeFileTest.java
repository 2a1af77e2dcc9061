package dev.foreman.deployments;

import static dev.foreman.deployments.Files.asList;
import static dev.foreman.deployments.Files.asMap;
import static dev.foreman.deployments.Files.mapAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deployments/compose.yaml, checked without a Docker engine: valid against the Compose
 * Specification's JSON schema, every Foreman setting one the service reads, every dependency waited
 * for until healthy, migrations run once before the services, and every variable it needs in .env.
 */
class ComposeFileTest {
    private static final Path COMPOSE = Files.DEPLOYMENTS.resolve("compose.yaml");
    private static final Pattern FOREMAN_IMAGE = Pattern.compile("foreman/([a-z-]+-service):.*");
    /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?message}}; {@code $$} escapes a dollar. */
    private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)(:?[-?])?");

    private final Map<String, Object> compose = Files.yaml(COMPOSE);
    private final Map<String, Object> services = mapAt(compose, "services");

    @Test
    void isValidAgainstTheComposeSpecification() {
        assertThat(JsonSchemas.errors(JsonSchemas.load("compose-spec.json"), compose))
                .isEmpty();
    }

    @Test
    void theSchemaRefusesAMisspeltField() {
        Map<String, Object> postgres = mapAt(services, "postgres");
        postgres.put("healthchek", postgres.remove("healthcheck"));
        assertThat(JsonSchemas.errors(JsonSchemas.load("compose-spec.json"), compose))
                .isNotEmpty()
                .anySatisfy(error -> assertThat(error).contains("healthchek"));
    }

    @Test
    void setsOnlySettingsTheForemanServicesRead() {
        ServiceSettings settings = ServiceSettings.fromClassPath();
        List<String> unknown = new ArrayList<>();
        foremanServices()
                .forEach((name, service) -> environment(name).keySet().stream()
                        .filter(variable -> !settings.reads(service, variable))
                        .forEach(variable -> unknown.add(name + ": " + variable)));
        assertThat(foremanServices()).containsKeys("migrate", "api-service", "worker-service", "scheduler-service");
        assertThat(unknown).as("settings no service reads").isEmpty();
    }

    @Test
    void runsTheMigrationsOnceBeforeAnyServiceStarts() {
        assertThat(mapAt(services, "migrate").get("command")).isEqualTo(List.of("migrate"));
        foremanServices().keySet().stream()
                .filter(name -> !name.equals("migrate"))
                .forEach(name -> {
                    assertThat(environment(name)).as(name).containsEntry("SPRING_FLYWAY_ENABLED", "false");
                    assertThat(waitsFor(name, "migrate"))
                            .as("%s starts after the migrations", name)
                            .isTrue();
                });
    }

    @Test
    void waitsForEveryDependencyThatHasAHealthCheckUntilItIsHealthy() {
        List<String> notAwaited = new ArrayList<>();
        services.forEach((name, definition) -> mapAt(asMap(definition, name), "depends_on")
                .forEach((dependency, condition) -> {
                    String expected = dependency.equals("migrate")
                            ? "service_completed_successfully"
                            : hasHealthCheck(dependency) ? "service_healthy" : "service_started";
                    if (!expected.equals(asMap(condition, name).get("condition"))) {
                        notAwaited.add(name + " -> " + dependency + " should wait for " + expected);
                    }
                }));
        assertThat(notAwaited).isEmpty();
        foremanServices().keySet().stream()
                .filter(name -> !name.equals("migrate"))
                .forEach(name -> assertThat(hasHealthCheck(name)).as(name).isTrue());
    }

    @Test
    void publishesTheApiGrafanaAndJaegerOnTheirUsualPorts() {
        assertThat(publishedPorts("api-service")).containsExactly("${FOREMAN_API_PORT:-8080}:8080");
        assertThat(publishedPorts("grafana")).containsExactly("${GRAFANA_PORT:-3000}:3000");
        assertThat(publishedPorts("jaeger")).containsExactly("${JAEGER_UI_PORT:-16686}:16686");
        Map<String, String> env = dotEnv();
        assertThat(env)
                .containsEntry("FOREMAN_API_PORT", "8080")
                .containsEntry("GRAFANA_PORT", "3000")
                .containsEntry("JAEGER_UI_PORT", "16686");
        assertThat(env.get("FOREMAN_BOOTSTRAP_API_KEY")).hasSizeGreaterThanOrEqualTo(16);
    }

    @Test
    void definesInDotEnvEveryVariableItUses() {
        Set<String> used = new HashSet<>();
        Matcher variable = VARIABLE.matcher(Files.read(COMPOSE));
        while (variable.find()) {
            used.add(variable.group(1));
        }
        assertThat(dotEnv().keySet()).containsAll(used);
    }

    @Test
    void keepsStateInNamedVolumes() {
        assertThat(mapAt(compose, "volumes"))
                .containsOnlyKeys("postgres-data", "redis-data", "kafka-data", "prometheus-data", "grafana-data");
        for (String stateful : List.of("postgres", "redis", "kafka", "prometheus", "grafana")) {
            assertThat(asList(mapAt(services, stateful).get("volumes"), stateful))
                    .as(stateful)
                    .anySatisfy(volume -> assertThat((String) volume).startsWith(stateful + "-data:"));
        }
    }

    /** Compose service name to Foreman service (module) name, by image. */
    private Map<String, String> foremanServices() {
        Map<String, String> foreman = new HashMap<>();
        services.forEach((name, definition) -> {
            Object image = asMap(definition, name).get("image");
            Matcher matcher = FOREMAN_IMAGE.matcher(String.valueOf(image));
            if (matcher.matches()) {
                foreman.put(name, matcher.group(1));
            }
        });
        return foreman;
    }

    private Map<String, Object> environment(String service) {
        return mapAt(mapAt(services, service), "environment");
    }

    private boolean waitsFor(String service, String dependency) {
        Map<String, Object> dependsOn = mapAt(mapAt(services, service), "depends_on");
        return dependsOn.containsKey(dependency)
                || dependsOn.keySet().stream().anyMatch(other -> waitsFor(other, dependency));
    }

    private boolean hasHealthCheck(String service) {
        return !mapAt(mapAt(services, service), "healthcheck").isEmpty();
    }

    private List<Object> publishedPorts(String service) {
        return asList(mapAt(services, service).get("ports"), service);
    }

    private static Map<String, String> dotEnv() {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.read(Files.DEPLOYMENTS.resolve(".env")).lines().toList()) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                int equals = trimmed.indexOf('=');
                env.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
            }
        }
        return env;
    }
}
