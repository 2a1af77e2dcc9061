package dev.foreman.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.bench.resources.ResourceUsage;
import dev.foreman.bench.resources.StackCpu;
import dev.foreman.bench.resources.WindowUsage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BenchReportTest {
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void writesEveryScenarioWithFiguresLatenciesResourcesAndNotes() {
        JsonNode root = json.valueToTree(report().toJson(json));

        assertThat(root.path("started_at").asString()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(root.path("machine").path("available_processors").asInt()).isEqualTo(2);
        assertThat(root.path("machine").path("load_average_at_start").asDouble())
                .isEqualTo(0.25);
        assertThat(root.path("settings").path("jobs").asInt()).isEqualTo(100_000);
        JsonNode submit = root.path("scenarios").get(0);
        assertThat(submit.path("name").asString()).isEqualTo("submit");
        assertThat(submit.path("skipped").asBoolean()).isFalse();
        assertThat(submit.path("error").isNull()).isTrue();
        assertThat(submit.path("figures").path("requests_per_second").asDouble())
                .isEqualTo(4012.5);
        JsonNode request = submit.path("latencies_ms").path("request");
        assertThat(request.path("count").asLong()).isEqualTo(80_250);
        assertThat(request.path("p50").asDouble()).isEqualTo(3.1);
        assertThat(request.path("p99").asDouble()).isEqualTo(12.0);
        assertThat(request.path("max").asDouble()).isEqualTo(140.4);
        JsonNode api = submit.path("resources").path("api-service");
        assertThat(api.path("max_rss_mib").asDouble()).isEqualTo(412.5);
        assertThat(api.path("mean_cpu_cores").asDouble()).isEqualTo(0.85);
        assertThat(api.path("cpu_seconds").asDouble()).isEqualTo(17.0);
        assertThat(api.path("jit_cpu_seconds").asDouble()).isEqualTo(3.2);
        assertThat(api.path("cpu_seconds_without_jit").asDouble()).isEqualTo(13.8);
        assertThat(api.path("max_heap_mib").asDouble()).isEqualTo(201.0);
        JsonNode postgres = submit.path("resources").path("postgres");
        assertThat(postgres.path("max_heap_mib").isNull()).isTrue();
        assertThat(postgres.propertyNames())
                .containsExactly("max_rss_mib", "mean_cpu_cores", "cpu_seconds", "max_heap_mib");
        assertThat(submit.path("notes").get(0).asString()).contains("delay");
    }

    @Test
    void writesTheSpeedReadingsBeforeAndAfterTheRunUnderMachine() {
        JsonNode machine = json.valueToTree(report().toJson(json)).path("machine");

        JsonNode before = machine.path("speed_before");
        assertThat(before.path("one_thread_ms").asDouble()).isEqualTo(180.2);
        assertThat(before.path("all_threads_ms").asDouble()).isEqualTo(190.5);
        assertThat(before.path("threads").asInt()).isEqualTo(2);
        JsonNode after = machine.path("speed_after");
        assertThat(after.path("one_thread_ms").asDouble()).isEqualTo(410.7);
        assertThat(after.path("all_threads_ms").asDouble()).isEqualTo(702.0);
        assertThat(after.propertyNames()).containsExactly("one_thread_ms", "all_threads_ms", "threads");
    }

    @Test
    void writesASpeedReadingThatWasNotTakenAsNullAndPrintsItAsNotMeasured() {
        BenchReport interrupted = new BenchReport(
                Instant.parse("2026-11-23T10:00:00Z"),
                Instant.parse("2026-11-23T10:01:00Z"),
                new Machine("Test CPU", 2, 4096, "Linux", "21", 0.25),
                new MachineSpeed(180.2, 190.5, 2),
                null,
                "test stack",
                Map.of(),
                List.of());

        assertThat(json.valueToTree(interrupted.toJson(json))
                        .path("machine")
                        .path("speed_after")
                        .isNull())
                .isTrue();
        assertThat(interrupted.table()).containsPattern("machine\\s+speed after\\s+not measured");
    }

    @Test
    void writesTheStacksCpuTotalWithAndWithoutJitAndNullForAScenarioThatMeasuredNoStack() {
        JsonNode scenarios = json.valueToTree(report().toJson(json)).path("scenarios");

        JsonNode total = scenarios.get(0).path("resources_total");
        assertThat(total.path("processes").values().stream().map(JsonNode::asString))
                .containsExactly("api-service", "postgres");
        assertThat(total.path("cpu_seconds").asDouble()).isEqualTo(25.0);
        assertThat(total.path("cpu_seconds_without_jit").asDouble()).isEqualTo(21.8);
        assertThat(scenarios.get(2).path("resources_total").isNull()).isTrue();
    }

    @Test
    void leavesTheTotalWithoutJitOutWhenAServicesJitCouldNotBeRead() {
        ScenarioResult drain = new ScenarioResult("drain", "backlog")
                .resources(new WindowUsage(
                        Map.of("worker-service", new ResourceUsage(300.0, 0.9, 40.0, null, null, 150.0)),
                        new StackCpu(List.of("worker-service"), 40.0, null),
                        List.of("worker-service has no jit_cpu_seconds")));

        JsonNode scenario = json.valueToTree(reportOf(List.of(drain)).toJson(json))
                .path("scenarios")
                .get(0);
        assertThat(scenario.path("resources_total").propertyNames()).containsExactly("processes", "cpu_seconds");
        assertThat(scenario.path("resources").path("worker-service").has("jit_cpu_seconds"))
                .isFalse();
        assertThat(scenario.path("notes").get(0).asString()).startsWith("worker-service has no jit_cpu_seconds");
        assertThat(BenchReport.table(List.of(drain)))
                .containsPattern("drain\\s+worker-service\\s+rss max 300 MiB, cpu 0.90 cores \\(40.0 cpu-s\\), heap")
                .containsPattern("drain\\s+stack cpu\\s+40.0 cpu-s, without JIT unknown \\(see the JSON's notes\\)"
                        + " \\(worker-service\\)");
    }

    @Test
    void marksSkippedAndFailedScenarios() {
        JsonNode scenarios = json.valueToTree(report().toJson(json)).path("scenarios");

        JsonNode drain = scenarios.get(1);
        assertThat(drain.path("skipped").asBoolean()).isTrue();
        assertThat(drain.path("notes").get(0).asString()).startsWith("skipped: ");
        JsonNode e2e = scenarios.get(2);
        assertThat(e2e.path("error").asString()).isEqualTo("only 10 of 20 jobs reached the target");
    }

    @Test
    void writesStagesWithTheirMetricLabelsAndBucketBoundsAndInfAsNull() {
        JsonNode e2e = json.valueToTree(report().toJson(json)).path("scenarios").get(2);

        JsonNode stage = e2e.path("stages_ms").path("relay_lag{path=commit}");
        assertThat(stage.path("metric").asString()).isEqualTo("foreman_outbox_relay_lag_seconds");
        assertThat(stage.path("labels").path("path").asString()).isEqualTo("commit");
        assertThat(stage.path("labels").propertyNames()).containsExactly("application", "path");
        assertThat(stage.path("count").asLong()).isEqualTo(29_880);
        assertThat(stage.path("p50").asDouble()).isEqualTo(4.194);
        assertThat(stage.path("p90").asDouble()).isEqualTo(8.389);
        assertThat(stage.path("p99").isNull()).isTrue();
        assertThat(json.valueToTree(report().toJson(json))
                        .path("scenarios")
                        .get(0)
                        .path("stages_ms")
                        .isEmpty())
                .isTrue();
    }

    @Test
    void printsOneAlignedRowPerFigureLatencyAndProcess() {
        String table = report().table();

        assertThat(table.lines().toList()).first().asString().matches("scenario\\s+metric\\s+value");
        assertThat(table.lines().skip(1).limit(2).toList())
                .satisfiesExactly(
                        line -> assertThat(line)
                                .matches("machine\\s+speed before\\s+one thread 180 ms, 2 threads at once 191 ms"),
                        line -> assertThat(line)
                                .matches("machine\\s+speed after\\s+one thread 411 ms, 2 threads at once 702 ms"));
        assertThat(table)
                .containsPattern("submit\\s+requests_per_second\\s+4,012.5")
                .containsPattern(
                        "submit\\s+request latency\\s+p50 3.10  p90 5.25  p99 12.0  max 140 ms  \\(n=80,250\\)")
                .containsPattern("submit\\s+api-service\\s+rss max 413 MiB, cpu 0.85 cores"
                        + " \\(17.0 cpu-s: JIT 3.2, without JIT 13.8\\), heap max 201 MiB")
                .containsPattern("submit\\s+postgres\\s+rss max 96 MiB, cpu 0.40 cores \\(8.0 cpu-s\\)\n")
                .containsPattern("submit\\s+stack cpu\\s+25.0 cpu-s, without JIT 21.8 \\(api-service \\+ postgres\\)")
                .containsPattern("drain\\s+note\\s+skipped: ")
                .containsPattern(
                        "e2e\\s+stage relay_lag\\{path=commit\\}\\s+p50 <=4.19  p90 <=8.39  p99 <=\\+Inf ms  \\(n=29,880\\)")
                .containsPattern("e2e\\s+error\\s+only 10 of 20");
        int valueColumn = table.lines().findFirst().orElseThrow().indexOf("value");
        assertThat(table.lines().skip(1))
                .allSatisfy(line -> assertThat(line.charAt(valueColumn - 1)).isEqualTo(' '));
    }

    @Test
    void writesThePeerSectionWithBothFiguresAndTheirRatio() {
        JsonNode peer = json.valueToTree(reportWithPeer().toJson(json)).path("peer");

        assertThat(peer.path("name").asString()).isEqualTo("jobrunr");
        assertThat(peer.path("version").asString()).isEqualTo("8.7.0");
        assertThat(peer.path("settings").asString()).isEqualTo("workers=32 poll=15s pool=20");
        assertThat(peer.propertyNames()).containsExactly("name", "version", "settings", "foreman", "jobrunr", "ratio");
        assertThat(peer.path("foreman").path("delivered_jobs_per_second").asDouble())
                .isEqualTo(2780.0);
        assertThat(peer.path("jobrunr").path("delivered_jobs_per_second").asDouble())
                .isEqualTo(800.0);
        assertThat(peer.path("ratio").path("delivered_jobs_per_second").asDouble())
                .isEqualTo(3.48);
        assertThat(peer.path("ratio")
                        .path("first_submit_to_last_delivery_jobs_per_second")
                        .asDouble())
                .isEqualTo(2.5);
    }

    @Test
    void writesNoPeerAsNull() {
        assertThat(json.valueToTree(report().toJson(json)).path("peer").isNull())
                .isTrue();
    }

    @Test
    void printsThePeerRowsAfterTheScenarios() {
        String table = reportWithPeer().table();

        assertThat(table)
                .containsPattern("peer jobrunr\\s+best settings\\s+workers=32 poll=15s pool=20")
                .containsPattern("peer jobrunr\\s+foreman delivered_jobs_per_second\\s+2,780")
                .containsPattern("peer jobrunr\\s+jobrunr delivered_jobs_per_second\\s+800")
                .containsPattern("peer jobrunr\\s+ratio delivered_jobs_per_second\\s+3.48x \\(foreman / jobrunr\\)");
        assertThat(table.indexOf("peer jobrunr")).isGreaterThan(table.indexOf("submit"));
    }

    private static BenchReport reportWithPeer() {
        ScenarioResult e2e = new ScenarioResult("e2e", "batches")
                .figure("delivered_jobs_per_second", 2780)
                .figure("first_submit_to_last_delivery_jobs_per_second", 1831);
        ScenarioResult jobrunr = new ScenarioResult("jobrunr workers=32 poll=15s pool=20", "stream")
                .figure("delivered_jobs_per_second", 800)
                .figure("first_submit_to_last_delivery_jobs_per_second", 732.4);
        BenchReport report = report();
        return new BenchReport(
                report.startedAt(),
                report.finishedAt(),
                report.machine(),
                report.speedBefore(),
                report.speedAfter(),
                report.stack(),
                report.settings(),
                report.scenarios(),
                PeerComparison.of("jobrunr", "8.7.0", "workers=32 poll=15s pool=20", e2e, jobrunr));
    }

    private static BenchReport report() {
        Map<String, ResourceUsage> resources = new LinkedHashMap<>();
        resources.put("api-service", new ResourceUsage(412.5, 0.85, 17.0, 3.2, 13.8, 201.0));
        resources.put("postgres", new ResourceUsage(96.0, 0.4, 8.0, null, null, null));
        StackCpu stack = new StackCpu(List.of("api-service", "postgres"), 25.0, 21.8);
        ScenarioResult submit = new ScenarioResult("submit", "closed loop")
                .figure("requests_per_second", 4012.5)
                .latency("request", new LatencySummary(80_250, 3.1, 5.25, 12.0, 140.4, 4.0))
                .resources(new WindowUsage(resources, stack, List.of()))
                .note("jobs carry a delay");
        ScenarioResult drain = new ScenarioResult("drain", "backlog").skipped("needs a stack the bench started");
        ScenarioResult e2e = new ScenarioResult("e2e", "open loop")
                .figure("jobs_delivered", 10)
                .stage(
                        "relay_lag{path=commit}",
                        new StageSummary(
                                "foreman_outbox_relay_lag_seconds",
                                Map.of("path", "commit", "application", "api-service"),
                                29_880,
                                4.194,
                                8.389,
                                Double.POSITIVE_INFINITY))
                .failed("only 10 of 20 jobs reached the target");
        return reportOf(List.of(submit, drain, e2e));
    }

    private static BenchReport reportOf(List<ScenarioResult> scenarios) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("jobs", 100_000);
        return new BenchReport(
                Instant.parse("2026-11-23T10:00:00Z"),
                Instant.parse("2026-11-23T10:09:00Z"),
                new Machine("Test CPU", 2, 4096, "Linux", "21", 0.25),
                new MachineSpeed(180.2, 190.54, 2),
                new MachineSpeed(410.66, 702.0, 2),
                "test stack",
                settings,
                scenarios);
    }
}
