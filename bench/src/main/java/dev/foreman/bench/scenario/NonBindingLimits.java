package dev.foreman.bench.scenario;

import dev.foreman.bench.load.ForemanClient;
import dev.foreman.bench.load.QueueView;
import dev.foreman.bench.report.Progress;
import dev.foreman.bench.report.ScenarioResult;
import java.io.IOException;
import java.util.List;

/**
 * Queue limits that never hold a job back: {@code max_concurrency} and {@code rate_limit} at the
 * queue API's largest values, far above what the bench reaches on one machine (a few thousand
 * starts a second, at most each worker's in-flight slots at once). With {@code --queue-limits} e2e
 * sets them on its queues first, so that a run with and a run without show what checking limits
 * costs when none binds (each claimed batch then asks Redis for buckets and permits).
 */
final class NonBindingLimits {
    static final int MAX_CONCURRENCY = 100_000;
    static final int PER_SECOND = 100_000;
    static final int BURST = 100_000;
    static final String CHANGE = "{\"max_concurrency\":" + MAX_CONCURRENCY + ",\"rate_limit\":{\"per_second\":"
            + PER_SECOND + ",\"burst\":" + BURST + "}}";

    private NonBindingLimits() {}

    /**
     * Sets the limits on each queue through {@code PATCH /v1/queues/{name}} and says so in the result.
     *
     * @throws IllegalStateException when a queue does not show the limits afterwards: the A/B would
     *     otherwise compare two runs without limits
     */
    static void configure(ForemanClient api, List<String> queues, ScenarioResult result)
            throws IOException, InterruptedException {
        for (String queue : queues) {
            QueueView changed = api.changeQueue(queue, CHANGE);
            if (changed.maxConcurrency() == null || changed.ratePerSecond() == null) {
                throw new IllegalStateException(
                        "PATCH /v1/queues/" + queue + " did not set the limits: " + changed.describeLimits());
            }
            Progress.say("%s: limits configured, not binding: %s", queue, changed.describeLimits());
        }
        result.figure("queue_limits_max_concurrency", MAX_CONCURRENCY)
                .figure("queue_limits_per_second", PER_SECOND)
                .note("--queue-limits: " + String.join(" and ", queues) + " had max_concurrency " + MAX_CONCURRENCY
                        + " and rate_limit " + PER_SECOND + "/s (burst " + BURST + ") set through PATCH"
                        + " /v1/queues/{name} before any job was submitted: configured, far above what the run"
                        + " reaches, so they never bind; compare with a run without --queue-limits.");
    }
}
