package dev.foreman.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.testkit.metrics.MetricsCatalogue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboards in deployments/grafana/dashboards: every panel queries only metrics that
 * docs/metrics.md catalogues (which MetricsCatalogueE2EIT keeps equal to what the services expose),
 * through the provisioned Prometheus data source; uids are unique; the compose stack provisions them.
 */
class GrafanaDashboardsTest {
    private static final Path DASHBOARDS = Files.DEPLOYMENTS.resolve("grafana/dashboards");
    private static final Path DATASOURCES = Files.DEPLOYMENTS.resolve("grafana/provisioning/datasources/foreman.yaml");
    private static final Set<String> EXPECTED =
            Set.of("foreman-overview.json", "foreman-api.json", "foreman-worker.json", "foreman-scheduler.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MetricsCatalogue catalogue = MetricsCatalogue.read(Files.ROOT.resolve("docs/metrics.md"));

    @Test
    void thereIsAnOverviewAndADashboardPerService() throws IOException {
        assertThat(dashboardFiles().stream().map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrderElementsOf(EXPECTED);
    }

    @Test
    void everyMetricAPanelQueriesIsInTheCatalogue() throws IOException {
        List<String> unknown = new ArrayList<>();
        int queries = 0;
        for (Path file : dashboardFiles()) {
            for (Query query : queries(dashboard(file))) {
                queries++;
                for (String metric : PromQl.metricNames(query.expr())) {
                    if (catalogue.familyOf(metric).isEmpty()) {
                        unknown.add(file.getFileName() + " / " + query.where() + ": " + metric);
                    }
                }
            }
        }
        assertThat(queries).as("queries found in the dashboards").isGreaterThan(40);
        assertThat(unknown)
                .as("metrics the dashboards query that docs/metrics.md does not list")
                .isEmpty();
    }

    @Test
    void everyPanelUsesAProvisionedDataSourceAndEveryDashboardItsOwnUid() throws IOException {
        Set<String> provisioned = new HashSet<>();
        for (Object source : Files.asList(Files.yaml(DATASOURCES).get("datasources"), "datasources")) {
            provisioned.add(String.valueOf(Files.asMap(source, "datasource").get("uid")));
        }
        Set<String> uids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonNode dashboard = dashboard(file);
            if (!uids.add(dashboard.path("uid").asString())) {
                problems.add(
                        file.getFileName() + ": uid " + dashboard.path("uid").asString() + " is taken");
            }
            panels(dashboard).forEach(panel -> {
                JsonNode source = panel.path("datasource");
                if (!panel.path("type").asString().equals("row")
                        && !provisioned.contains(source.path("uid").asString())) {
                    problems.add(file.getFileName() + " / "
                            + panel.path("title").asString() + ": data source " + source + " is not provisioned");
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theComposeStackProvisionsTheDashboardsAndOpensTheOverview() {
        Map<String, Object> grafana =
                Files.mapAt(Files.yaml(Files.DEPLOYMENTS.resolve("compose.yaml")), "services", "grafana");
        assertThat(Files.asList(grafana.get("volumes"), "volumes"))
                .contains(
                        "./grafana/provisioning:/etc/grafana/provisioning:ro",
                        "./grafana/dashboards:/etc/grafana/dashboards:ro");
        assertThat(Files.mapAt(grafana, "environment"))
                .containsEntry(
                        "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH", "/etc/grafana/dashboards/foreman-overview.json");
    }

    private record Query(String where, String expr) {}

    private static List<Path> dashboardFiles() throws IOException {
        try (Stream<Path> files = java.nio.file.Files.list(DASHBOARDS)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static JsonNode dashboard(Path file) {
        return JSON.readTree(Files.read(file));
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        collectPanels(dashboard.path("panels"), panels);
        return panels;
    }

    private static void collectPanels(JsonNode list, List<JsonNode> into) {
        for (JsonNode panel : list) {
            into.add(panel);
            collectPanels(panel.path("panels"), into);
        }
    }

    private static List<Query> queries(JsonNode dashboard) {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(
                        panel.path("title").asString(), target.path("expr").asString()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asString() : query.asString();
            if (variable.path("type").asString().equals("query")) {
                queries.add(new Query("variable " + variable.path("name").asString(), text));
            }
        }
        return queries;
    }
}
