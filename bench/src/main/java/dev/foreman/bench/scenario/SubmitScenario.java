package dev.foreman.bench.scenario;

import dev.foreman.bench.load.ClosedLoop;
import dev.foreman.bench.load.JobBodies;
import dev.foreman.bench.report.LatencySummary;
import dev.foreman.bench.report.Progress;
import dev.foreman.bench.report.ScenarioResult;

/** Single {@code POST /v1/jobs} from N concurrent clients: requests per second and request latency. */
final class SubmitScenario implements Scenario {
    /** Long enough that no submitted job becomes due during the run, so no worker competes for the cores. */
    static final String PARKED_DELAY = "1h";

    private static final String METHOD = "Closed loop: each client sends POST /v1/jobs again as soon as the previous"
            + " answer arrived; requests answered 202 within the measured period count; latency is send to answer.";

    private final ScenarioSettings settings;

    SubmitScenario(ScenarioSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "submit";
    }

    @Override
    public boolean needsWorker() {
        return false;
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws InterruptedException {
        JobBodies bodies = new JobBodies(
                context.json(), context.queue(name()), context.target().url(name()));
        String body = bodies.delayed(PARKED_DELAY);
        Progress.say(
                "submit: %d clients send POST /v1/jobs for %s (after a warm-up of %s to %s, until the JIT settles)",
                settings.clients(), settings.duration(), settings.warmup(), settings.warmupMax());
        ClosedLoop.Outcome outcome =
                ClosedLoop.run(settings.clients(), context.warmup(settings), settings.duration(), () -> {
                    context.api().submit(body);
                    return 1;
                });
        ScenarioResult result = new ScenarioResult(name(), METHOD)
                .figure("clients", settings.clients())
                .figure("requests", outcome.requests())
                .figure("requests_per_second", outcome.requestsPerSecond())
                .figure("errors", outcome.errors())
                .figure("warmup_seconds", outcome.warmup().took().toMillis() / 1000.0)
                .latency("request", LatencySummary.ofMicros(outcome.latencyMicros()))
                .note("Jobs carry \"delay\": \"" + PARKED_DELAY + "\" so that no worker runs them: the figure is"
                        + " api-service and Postgres alone.");
        result.note(outcome.warmup().describe());
        if (outcome.firstError() != null) {
            result.note("first error: " + outcome.firstError());
        }
        return result;
    }
}
