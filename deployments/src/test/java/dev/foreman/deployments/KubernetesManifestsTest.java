package dev.foreman.deployments;

import static dev.foreman.deployments.Files.asList;
import static dev.foreman.deployments.Files.asMap;
import static dev.foreman.deployments.Files.mapAt;
import static dev.foreman.deployments.Kustomization.containers;
import static dev.foreman.deployments.Kustomization.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deployments/kubernetes, rendered as {@code kubectl apply -k} would ({@link Kustomization}) and
 * checked without a cluster: every object valid against the Kubernetes 1.34 JSON schemas (made
 * strict), every setting a container gets one its service reads, probes and resources on every
 * service, a disruption budget for each, the workers autoscaled, and the migration Job the only
 * place migrations run.
 */
class KubernetesManifestsTest {
    private static final Path KUBERNETES = Files.DEPLOYMENTS.resolve("kubernetes");
    private static final Pattern FOREMAN_IMAGE = Pattern.compile("(?:.*/)?foreman/([a-z-]+-service):[^:]+");

    /** The vendored schema of each kind used (src/test/resources/schemas/README.md); a kind without one fails. */
    private static final Map<String, String> SCHEMAS = Map.of(
            "apps/v1 Deployment", "kubernetes-v1.34.0/deployment-apps-v1.json",
            "v1 Service", "kubernetes-v1.34.0/service-v1.json",
            "v1 ConfigMap", "kubernetes-v1.34.0/configmap-v1.json",
            "v1 Secret", "kubernetes-v1.34.0/secret-v1.json",
            "v1 ServiceAccount", "kubernetes-v1.34.0/serviceaccount-v1.json",
            "batch/v1 Job", "kubernetes-v1.34.0/job-batch-v1.json",
            "policy/v1 PodDisruptionBudget", "kubernetes-v1.34.0/poddisruptionbudget-policy-v1.json",
            "autoscaling/v2 HorizontalPodAutoscaler", "kubernetes-v1.34.0/horizontalpodautoscaler-autoscaling-v2.json",
            "monitoring.coreos.com/v1 ServiceMonitor", "monitoring.coreos.com-servicemonitor-v1.json");

    static Stream<String> kustomizations() {
        return Stream.of("base", "overlays/example", "components/servicemonitor");
    }

    static Stream<String> deployables() {
        return Stream.of("base", "overlays/example");
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyObjectIsValidAgainstTheKubernetesSchemas(String kustomization) {
        List<Map<String, Object>> objects = render(kustomization);
        assertThat(objects).isNotEmpty();
        Map<String, Schema> schemas = new HashMap<>();
        List<String> errors = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            String kind = object.get("apiVersion") + " " + object.get("kind");
            assertThat(SCHEMAS).as("a vendored schema for %s", kind).containsKey(kind);
            Schema schema = schemas.computeIfAbsent(kind, key -> JsonSchemas.loadStrict(SCHEMAS.get(key)));
            JsonSchemas.errors(schema, object)
                    .forEach(error -> errors.add(kind + " " + metadata(object).get("name") + ": " + error));
        }
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("deployables")
    void everySettingAContainerGetsIsOneItsServiceReads(String kustomization) {
        List<Map<String, Object>> objects = render(kustomization);
        ServiceSettings settings = ServiceSettings.fromClassPath();
        List<String> unknown = new ArrayList<>();
        List<Map<String, Object>> containers = containers(objects);
        assertThat(containers).hasSize(4);
        for (Map<String, Object> container : containers) {
            String service = service(container);
            environment(container, objects).keySet().stream()
                    .filter(variable -> !settings.reads(service, variable))
                    .forEach(variable -> unknown.add(container.get("name") + " (" + service + "): " + variable));
        }
        assertThat(unknown).as("settings no service reads").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("deployables")
    void onlyTheMigrationJobMigrates(String kustomization) {
        List<Map<String, Object>> objects = render(kustomization);
        for (Map<String, Object> object : objects) {
            for (Map<String, Object> container : containers(List.of(object))) {
                Map<String, String> env = environment(container, objects);
                if (object.get("kind").equals("Job")) {
                    assertThat(container.get("args")).isEqualTo(List.of("migrate"));
                    assertThat(service(container)).isEqualTo("api-service");
                } else {
                    assertThat(env).as("%s", container.get("name")).containsEntry("SPRING_FLYWAY_ENABLED", "false");
                }
                assertThat(env)
                        .containsKeys(
                                "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("deployables")
    void everyServiceHasProbesResourcesAndADisruptionBudget(String kustomization) {
        List<Map<String, Object>> objects = render(kustomization);
        List<Map<String, Object>> deployments = ofKind(objects, "Deployment");
        assertThat(deployments)
                .extracting(d -> metadata(d).get("name"))
                .containsExactlyInAnyOrder("foreman-api", "foreman-worker", "foreman-scheduler");
        for (Map<String, Object> deployment : deployments) {
            Object name = metadata(deployment).get("name");
            Map<String, Object> container = containers(List.of(deployment)).getFirst();
            // The api-service's actuator lives on its management port; /livez and /readyz answer on the API port.
            boolean api = "foreman-api".equals(name);
            String liveness = api ? "/livez" : "/actuator/health/liveness";
            assertThat(mapAt(container, "startupProbe", "httpGet").get("path")).isEqualTo(liveness);
            assertThat(mapAt(container, "livenessProbe", "httpGet").get("path")).isEqualTo(liveness);
            assertThat(mapAt(container, "readinessProbe", "httpGet").get("path"))
                    .isEqualTo(api ? "/readyz" : "/actuator/health/readiness");
            assertThat(mapAt(container, "resources", "requests")).containsKeys("cpu", "memory");
            assertThat(mapAt(container, "resources", "limits")).containsKey("memory");
            Map<String, Object> podLabels = mapAt(deployment, "spec", "template", "metadata", "labels");
            assertThat(ofKind(objects, "PodDisruptionBudget"))
                    .as("a PodDisruptionBudget for %s", name)
                    .anySatisfy(pdb ->
                            assertThat(podLabels).containsAllEntriesOf(mapAt(pdb, "spec", "selector", "matchLabels")));
            assertThat(podLabels).containsAllEntriesOf(mapAt(deployment, "spec", "selector", "matchLabels"));
        }
        assertThat(ofKind(objects, "HorizontalPodAutoscaler"))
                .singleElement()
                .satisfies(
                        hpa -> assertThat(mapAt(hpa, "spec", "scaleTargetRef").get("name"))
                                .isEqualTo("foreman-worker"));
    }

    @Test
    void theSchemasRefuseAMisspeltField() {
        Map<String, Object> deployment = ofKind(render("base"), "Deployment").getFirst();
        Map<String, Object> container = containers(List.of(deployment)).getFirst();
        container.put("readynessProbe", container.remove("readinessProbe"));
        assertThat(JsonSchemas.errors(JsonSchemas.loadStrict(SCHEMAS.get("apps/v1 Deployment")), deployment))
                .singleElement()
                .asString()
                .contains("readynessProbe");
    }

    private static List<Map<String, Object>> render(String kustomization) {
        return Kustomization.render(KUBERNETES.resolve(kustomization));
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream()
                .filter(object -> kind.equals(object.get("kind")))
                .toList();
    }

    private static String service(Map<String, Object> container) {
        Matcher image = FOREMAN_IMAGE.matcher((String) container.get("image"));
        assertThat(image.matches())
                .as("a Foreman image: %s", container.get("image"))
                .isTrue();
        return image.group(1);
    }

    /** The container's environment: its env entries and every key of the ConfigMaps and Secrets it imports. */
    private static Map<String, String> environment(Map<String, Object> container, List<Map<String, Object>> objects) {
        Map<String, String> env = new HashMap<>();
        for (Object source : asList(container.get("envFrom"), "envFrom")) {
            Map<String, Object> from = asMap(source, "envFrom");
            if (from.containsKey("configMapRef")) {
                Object name = mapAt(from, "configMapRef").get("name");
                mapAt(named(objects, "ConfigMap", name), "data")
                        .forEach((key, value) -> env.put(key, String.valueOf(value)));
            } else {
                Object name = mapAt(from, "secretRef").get("name");
                Map<String, Object> secret = named(objects, "Secret", name);
                mapAt(secret, "stringData").keySet().forEach(key -> env.put(key, "(secret)"));
                mapAt(secret, "data").keySet().forEach(key -> env.put(key, "(secret)"));
            }
        }
        for (Object entry : asList(container.get("env"), "env")) {
            Map<String, Object> variable = asMap(entry, "env");
            Map<String, Object> secretKey = mapAt(variable, "valueFrom", "secretKeyRef");
            if (!secretKey.isEmpty()) {
                Map<String, Object> secret = named(objects, "Secret", secretKey.get("name"));
                assertThat(mapAt(secret, "stringData").keySet())
                        .as(
                                "%s reads key %s of Secret %s",
                                variable.get("name"), secretKey.get("key"), secretKey.get("name"))
                        .contains((String) secretKey.get("key"));
            }
            env.put(
                    (String) variable.get("name"),
                    String.valueOf(variable.getOrDefault("value", "(from a reference)")));
        }
        return env;
    }

    private static Map<String, Object> named(List<Map<String, Object>> objects, String kind, Object name) {
        return ofKind(objects, kind).stream()
                .filter(object -> metadata(object).get("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " among the rendered objects"));
    }
}
