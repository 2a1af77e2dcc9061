package dev.foreman.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.bench.load.ForemanClient;
import dev.foreman.bench.load.QueueView;
import dev.foreman.bench.prometheus.PrometheusEndpoint;
import dev.foreman.bench.report.BenchReport;
import dev.foreman.bench.report.ScenarioResult;
import dev.foreman.bench.stack.ManagedStack;
import dev.foreman.bench.stack.PreloadedJobs;
import dev.foreman.bench.stack.RepoRoot;
import dev.foreman.bench.target.NoopTarget;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scenarios of issue #15 at tiny sizes against the stack the bench starts: embedded Postgres,
 * Kafka and Redis, and the three services from the exec jars their modules built earlier in the
 * same reactor build. Each scenario must produce its figures; none is held to a speed here (that
 * is for {@code ./foreman bench} on a quiet machine). Each result's table is printed, as the bench
 * prints it.
 */
class ScenariosIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    // 200 backlog jobs, three probe streams at 10/s for 2 s; 80 jobs at 20/s; e2e over 200 jobs.
    private static final ScenarioSettings TINY = new ScenarioSettings(
            200,
            10,
            20,
            2,
            2,
            50,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            200,
            10,
            20,
            true);

    private static NoopTarget target;
    private static ManagedStack stack;
    private static ForemanClient api;
    private static ScenarioContext context;

    @BeforeAll
    static void startStack() throws Exception {
        Clock clock = Clock.systemUTC();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        target = NoopTarget.start(clock);
        // C1 only, as ChaosIT's services: C2 compiling in four JVMs on CI's 2 cores stretches their start.
        stack = ManagedStack.start(
                RepoRoot.above(Path.of("")).orElseThrow(),
                List.of("-XX:TieredStopAtLevel=1"),
                PreloadedJobs.Preload.NONE,
                http);
        api = new ForemanClient(stack.apiUrl(), stack.apiKey(), JSON);
        String runId =
                HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt());
        context = new ScenarioContext(stack, api, target, JSON, clock, runId, PrometheusEndpoint.over(http));
        stack.startWorker();
        await("the bench's API key is accepted")
                .atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> api.probe() == 200);
    }

    @AfterAll
    static void stopStack() {
        if (api != null) {
            api.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void backlogTimesEveryProbeStreamBehindOneTenantsBacklogAndSaysHowMuchOfItWasLeft() throws Exception {
        ScenarioResult result = new BacklogScenario(TINY).run(context);
        System.out.print(BenchReport.table(List.of(result)));

        assertThat(result.error()).isNull();
        assertThat(result.figures())
                .containsEntry("backlog_jobs", 200.0)
                .containsEntry("backlog_jobs_accepted", 200.0)
                .containsKeys(
                        "backlog_not_started_at_probe_start",
                        "backlog_not_started_at_probe_end",
                        "backlog_queued_at_probe_end",
                        "backlog_cancelled_by_purge");
        for (String stream : List.of("high", "other_tenant_low", "other_tenant_normal")) {
            assertThat(result.figures().get(stream + "_probes_accepted"))
                    .as(stream)
                    .isPositive();
            assertThat(result.figures().get(stream + "_probes_delivered"))
                    .as(stream)
                    .isEqualTo(result.figures().get(stream + "_probes_accepted"));
            assertThat(result.latencies().get(stream + "_submit_to_start").count())
                    .as(stream)
                    .isPositive();
        }
        assertThat(target.strays()).isZero();
    }

    @Test
    void ratelimitMeasuresTheStartRateOfAQueueLimitedThroughTheQueueApi() throws Exception {
        ScenarioResult result = new RateLimitScenario(TINY).run(context);
        System.out.print(BenchReport.table(List.of(result)));

        assertThat(result.error()).isNull();
        assertThat(result.figures())
                .containsEntry("configured_per_second", 20.0)
                .containsEntry("burst", 20.0)
                .containsEntry("jobs", 80.0)
                .containsEntry("jobs_accepted", 80.0)
                .containsEntry("jobs_delivered", 80.0);
        assertThat(result.figures().get("achieved_over_configured")).isPositive();
        assertThat(result.figures().get("most_starts_in_any_second_after_burst"))
                .isPositive();
        assertThat(result.latencies().get("start_interval_after_burst").count()).isEqualTo(59);
    }

    @Test
    void e2eWithQueueLimitsConfiguresLimitsThatDoNotBindAndDeliversEveryJob() throws Exception {
        ScenarioResult result = new EndToEndScenario(TINY).run(context);
        System.out.print(BenchReport.table(List.of(result)));

        assertThat(result.error()).isNull();
        assertThat(result.figures())
                .containsEntry("queue_limits_max_concurrency", 100_000.0)
                .containsEntry("queue_limits_per_second", 100_000.0)
                .containsEntry("jobs_delivered", 200.0);
        assertThat(result.latencies().get("submit_to_start").count()).isPositive();
        QueueView queue = api.queue(context.queue("e2e"));
        assertThat(queue.maxConcurrency()).isEqualTo(100_000);
        assertThat(queue.ratePerSecond()).isEqualTo(100_000.0);
        assertThat(queue.count("queued")).isZero();
    }
}
