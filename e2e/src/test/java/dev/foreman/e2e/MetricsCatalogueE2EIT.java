package dev.foreman.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.testkit.metrics.CatalogueEntry;
import dev.foreman.testkit.metrics.MetricsCatalogue;
import dev.foreman.testkit.target.StubTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/metrics.md} true: after a job succeeded and one went dead, every
 * {@code foreman_*} family that a running service exposes is catalogued under that service with its
 * type and exactly its labels; every catalogued one that shows at start (or on the scheduler leader)
 * is exposed; and every platform metric the dashboards and alert rules use (JVM, pools, Kafka
 * clients, HTTP) is exposed with the labels they use. A failure lists the rows to write.
 */
class MetricsCatalogueE2EIT {
    /** Every series carries it (management.metrics.tags); the catalogue says so once. */
    private static final Set<String> COMMON_LABELS = Set.of("service");

    private static ForemanSystem system;
    private static StubTarget ok;
    private static StubTarget refusing;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startTheSystemAndTargets() {
        system = ForemanSystem.shared();
        ok = StubTarget.start();
        // 400 is not retryable: the job is dead at its first attempt.
        refusing = StubTarget.start().respondWith(400);
    }

    @AfterAll
    static void stopTheTargets() {
        ok.close();
        refusing.close();
    }

    @Test
    void theCatalogueListsEveryMetricTheServicesExposeWithItsTypeAndLabels() throws Exception {
        runAJobThatSucceedsAndOneThatDies();
        MetricsCatalogue catalogue = MetricsCatalogue.fromRepository();

        // The leader's gauges come with its next sample, first-use meters with the jobs above. Past
        // the deadline the comparison below still runs, so one failure lists every difference.
        try {
            await("every metric the catalogue says is there at start is exposed")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> missing(catalogue, scrapeAll()).isEmpty());
        } catch (ConditionTimeoutException e) {
            // Reported with the rest below.
        }

        Map<String, PrometheusScrape> scrapes = scrapeAll();
        List<String> problems = new ArrayList<>(missing(catalogue, scrapes));
        List<String> rowsToWrite = new ArrayList<>();
        scrapes.forEach((service, scrape) -> scrape.families().values().stream()
                .filter(family -> family.name().startsWith("foreman_"))
                .forEach(family -> {
                    CatalogueEntry entry = catalogue.of(service).stream()
                            .filter(e -> e.name().equals(family.name()))
                            .findFirst()
                            .orElse(null);
                    if (entry == null
                            || !entry.type().equals(family.type())
                            || !entry.labels().equals(family.labels())) {
                        problems.add(service + "-service exposes " + family + " but the catalogue says "
                                + (entry == null ? "nothing" : entry));
                        rowsToWrite.add("## " + service + "-service: " + row(family));
                    }
                }));

        assertThat(problems)
                .as(
                        "docs/metrics.md disagrees with the running services; rows to write:%n%s",
                        String.join("\n", rowsToWrite))
                .isEmpty();
    }

    private void runAJobThatSucceedsAndOneThatDies() {
        ForemanClient foreman = system.newTenantClient();
        String queue = "metrics-" + UUID.randomUUID();
        String succeeding =
                foreman.submit(job(queue, ok.url("/ok"))).ok().get("id").asString();
        String dying = foreman.submit(job(queue, refusing.url("/refuse")))
                .ok()
                .get("id")
                .asString();
        foreman.awaitState(succeeding, "succeeded", Duration.ofSeconds(30));
        foreman.awaitState(dying, "dead", Duration.ofSeconds(30));
    }

    private static Map<String, Object> job(String queue, String url) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("queue", queue);
        job.put("type", "e2e.metrics");
        job.put("target", Map.of("url", url));
        return job;
    }

    /** What the catalogue promises at start (or on the leader) that a service does not expose. */
    private static List<String> missing(MetricsCatalogue catalogue, Map<String, PrometheusScrape> scrapes) {
        List<String> missing = new ArrayList<>();
        for (CatalogueEntry entry : catalogue.entries()) {
            if (entry.appears().equals("first use")) {
                continue;
            }
            for (String service : entry.services()) {
                PrometheusScrape scrape = scrapes.get(service);
                if (scrape == null) {
                    continue; // prometheus: up is Prometheus' own.
                }
                PrometheusScrape.Family family = scrape.families().get(entry.name());
                if (family == null) {
                    missing.add(service + "-service does not expose " + entry.name());
                } else if (!family.type().equals(entry.type())) {
                    missing.add(service + "-service exposes " + entry.name() + " as a " + family.type()
                            + ", the catalogue says " + entry.type());
                } else if (!family.labels().containsAll(entry.labels())) {
                    Set<String> absent = new TreeSet<>(entry.labels());
                    absent.removeAll(family.labels());
                    missing.add(service + "-service exposes " + entry.name() + " without the labels " + absent);
                }
            }
        }
        return missing;
    }

    private Map<String, PrometheusScrape> scrapeAll() throws IOException, InterruptedException {
        Map<String, PrometheusScrape> scrapes = new LinkedHashMap<>();
        for (Map.Entry<String, String> service : system.actuatorUrls().entrySet()) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(service.getValue() + "/actuator/prometheus"))
                            .header("Accept", "text/plain;version=0.0.4")
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode())
                    .as("%s /actuator/prometheus", service.getKey())
                    .isEqualTo(200);
            scrapes.put(service.getKey(), PrometheusScrape.parse(answer.body(), COMMON_LABELS));
        }
        return scrapes;
    }

    private static String row(PrometheusScrape.Family family) {
        String labels = family.labels().isEmpty()
                ? "—"
                : String.join(
                        ", ", family.labels().stream().map(l -> "`" + l + "`").toList());
        return "| `" + family.name() + "` | " + family.type() + " | " + labels + " | start | … |";
    }
}
