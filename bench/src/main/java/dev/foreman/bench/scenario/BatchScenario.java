package dev.foreman.bench.scenario;

import dev.foreman.bench.load.ClosedLoop;
import dev.foreman.bench.load.JobBodies;
import dev.foreman.bench.report.LatencySummary;
import dev.foreman.bench.report.Progress;
import dev.foreman.bench.report.ScenarioResult;
import java.util.Collections;

/** {@code POST /v1/jobs/batch} from a few concurrent clients: jobs per second and request latency. */
final class BatchScenario implements Scenario {
    private static final String METHOD = "Closed loop: each client sends the next POST /v1/jobs/batch as soon as the"
            + " previous answer arrived; batches answered 202 within the measured period count; latency is per batch"
            + " request, send to answer.";

    private final ScenarioSettings settings;

    BatchScenario(ScenarioSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "batch";
    }

    @Override
    public boolean needsWorker() {
        return false;
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws InterruptedException {
        JobBodies bodies = new JobBodies(
                context.json(), context.queue(name()), context.target().url(name()));
        String body =
                JobBodies.batch(Collections.nCopies(settings.batchSize(), bodies.delayed(SubmitScenario.PARKED_DELAY)));
        Progress.say(
                "batch: %d clients send POST /v1/jobs/batch of %d for %s (after a warm-up of %s to %s, until the JIT settles)",
                settings.batchClients(),
                settings.batchSize(),
                settings.duration(),
                settings.warmup(),
                settings.warmupMax());
        ClosedLoop.Outcome outcome = ClosedLoop.run(
                settings.batchClients(),
                context.warmup(settings),
                settings.duration(),
                () -> context.api().submitBatch(body).size());
        ScenarioResult result = new ScenarioResult(name(), METHOD)
                .figure("clients", settings.batchClients())
                .figure("batch_size", settings.batchSize())
                .figure("requests", outcome.requests())
                .figure("requests_per_second", outcome.requestsPerSecond())
                .figure("jobs_per_second", outcome.jobsPerSecond())
                .figure("errors", outcome.errors())
                .figure("warmup_seconds", outcome.warmup().took().toMillis() / 1000.0)
                .latency("request", LatencySummary.ofMicros(outcome.latencyMicros()))
                .note("Jobs carry \"delay\": \"" + SubmitScenario.PARKED_DELAY + "\" so that no worker runs them:"
                        + " the figure is api-service and Postgres alone.");
        result.note(outcome.warmup().describe());
        if (outcome.firstError() != null) {
            result.note("first error: " + outcome.firstError());
        }
        return result;
    }
}
