package dev.foreman.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.testkit.metrics.MetricsCatalogue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus alert rules in deployments/prometheus/rules, read statically (PromtoolRulesTest
 * runs promtool on them): each alert has a severity, a summary and a runbook_url whose section
 * exists in docs/operations.md, queries only catalogued metrics (docs/metrics.md), and has a
 * promtool unit test in deployments/prometheus/tests that sees it fire and one that sees it not.
 */
class AlertRulesTest {
    private static final Path RULES = Files.DEPLOYMENTS.resolve("prometheus/rules");
    private static final Path TESTS = Files.DEPLOYMENTS.resolve("prometheus/tests");
    private static final Path OPERATIONS = Files.ROOT.resolve("docs/operations.md");
    private static final String RUNBOOK_PREFIX = "docs/operations.md#";
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$", Pattern.MULTILINE);

    /** The alerts the operators asked for (issue #17); each must stay. */
    private static final Set<String> REQUIRED = Set.of(
            "ForemanDeadLetterRateHigh",
            "ForemanConsumerLagHigh",
            "ForemanOutboxBacklogHigh",
            "ForemanOutboxStuck",
            "ForemanSubmitErrorRateHigh",
            "ForemanTargetErrorRateHigh",
            "ForemanNoSchedulerLeader",
            "ForemanWorkerDown",
            "ForemanCronMisfires",
            "ForemanLeaseReapsSpiking");

    @Test
    void everyAlertTheOperatorsNeedIsDefinedOnce() throws IOException {
        List<String> names = alerts().stream().map(Alert::name).toList();
        assertThat(names).doesNotHaveDuplicates().containsAll(REQUIRED);
    }

    @Test
    void everyAlertHasASeverityASummaryAndARunbookSectionThatExists() throws IOException {
        Set<String> anchors = anchors(Files.read(OPERATIONS));
        List<String> problems = new ArrayList<>();
        for (Alert alert : alerts()) {
            Object severity = Files.mapAt(alert.rule(), "labels").get("severity");
            if (!Set.of("warning", "critical").contains(String.valueOf(severity))) {
                problems.add(alert.name() + ": severity must be warning or critical, not " + severity);
            }
            Map<String, Object> annotations = Files.mapAt(alert.rule(), "annotations");
            if (!(annotations.get("summary") instanceof String summary) || summary.isBlank()) {
                problems.add(alert.name() + ": no summary");
            }
            String runbook = String.valueOf(annotations.get("runbook_url"));
            if (!runbook.startsWith(RUNBOOK_PREFIX)) {
                problems.add(alert.name() + ": runbook_url must point into " + RUNBOOK_PREFIX + ", not " + runbook);
            } else if (!anchors.contains(runbook.substring(RUNBOOK_PREFIX.length()))) {
                problems.add(alert.name() + ": docs/operations.md has no section #"
                        + runbook.substring(RUNBOOK_PREFIX.length()));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyMetricARuleQueriesIsInTheCatalogue() throws IOException {
        MetricsCatalogue catalogue = MetricsCatalogue.read(Files.ROOT.resolve("docs/metrics.md"));
        List<String> unknown = new ArrayList<>();
        for (Alert alert : alerts()) {
            for (String metric : PromQl.metricNames(String.valueOf(alert.rule().get("expr")))) {
                if (catalogue.familyOf(metric).isEmpty()) {
                    unknown.add(alert.name() + ": " + metric);
                }
            }
        }
        assertThat(unknown)
                .as("metrics the rules query that docs/metrics.md does not list")
                .isEmpty();
    }

    @Test
    void everyAlertHasAUnitTestThatSeesItFireAndOneThatSeesItNot() throws IOException {
        Set<String> fire = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (Path file : yamlFiles(TESTS)) {
            for (Object test : Files.asList(Files.yaml(file).get("tests"), "tests")) {
                for (Object check : Files.asList(Files.asMap(test, "test").get("alert_rule_test"), "alert_rule_test")) {
                    Map<String, Object> expectation = Files.asMap(check, "alert_rule_test");
                    String name = String.valueOf(expectation.get("alertname"));
                    (Files.asList(expectation.get("exp_alerts"), "exp_alerts").isEmpty() ? silent : fire).add(name);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (Alert alert : alerts()) {
            if (!fire.contains(alert.name())) {
                missing.add(alert.name() + " is never expected to fire");
            }
            if (!silent.contains(alert.name())) {
                missing.add(alert.name() + " is never expected to stay silent");
            }
        }
        assertThat(missing)
                .as("alerts without both promtool tests in deployments/prometheus/tests")
                .isEmpty();
    }

    @Test
    void theRunbookAnchorsAreGitHubsSlugsOfTheHeadings() {
        assertThat(anchors("## Alerts and runbooks\n### ForemanOutboxStuck\n## What happens when…\n"))
                .containsExactlyInAnyOrder("alerts-and-runbooks", "foremanoutboxstuck", "what-happens-when");
    }

    private record Alert(String name, Map<String, Object> rule) {}

    static List<Alert> alerts() throws IOException {
        List<Alert> alerts = new ArrayList<>();
        for (Path file : yamlFiles(RULES)) {
            for (Object group : Files.asList(Files.yaml(file).get("groups"), "groups")) {
                for (Object rule : Files.asList(Files.asMap(group, "group").get("rules"), "rules")) {
                    Map<String, Object> definition = Files.asMap(rule, "rule");
                    if (definition.containsKey("alert")) {
                        alerts.add(new Alert(String.valueOf(definition.get("alert")), definition));
                    }
                }
            }
        }
        return alerts;
    }

    static List<Path> yamlFiles(Path folder) throws IOException {
        try (Stream<Path> files = java.nio.file.Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    /** GitHub's anchors of a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> anchors(String markdown) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        Set<String> anchors = new HashSet<>();
        Matcher heading = HEADING.matcher(markdown);
        while (heading.find()) {
            String slug = heading.group(1)
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[`*~]", "")
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            int repeats = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
        }
        return anchors;
    }
}
