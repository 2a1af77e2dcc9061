package dev.foreman.bench.scenario;

import dev.foreman.bench.load.JobBodies;
import dev.foreman.bench.load.QueueView;
import dev.foreman.bench.report.LatencySummary;
import dev.foreman.bench.report.Progress;
import dev.foreman.bench.report.ScenarioResult;
import dev.foreman.bench.target.Arrivals;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A rate-limited queue: {@code --rate-limit} starts a second configured through the queue API,
 * then twice as many jobs as that rate starts in {@code --latency-duration}, submitted at once;
 * the achieved start rate at the target after the bucket's burst, against the configured one.
 */
final class RateLimitScenario implements Scenario {
    private static final String METHOD = "The scenario's queue gets rate_limit {per_second: --rate-limit} through"
            + " PATCH /v1/queues/{name} (burst left to the API's default, one second's worth); then"
            + " 2 x --rate-limit x --latency-duration jobs are submitted through POST /v1/jobs/batch as fast as the"
            + " API takes them. A start is a job's first arrival at the target. Over the starts in time order,"
            + " achieved_per_second_after_burst = (n - 1 - burst) / (start[n-1] - start[burst]);"
            + " achieved_over_configured = that / --rate-limit.";
    private static final Duration FIRST_DELIVERY_WITHIN = Duration.ofSeconds(60);
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

    private final ScenarioSettings settings;

    RateLimitScenario(ScenarioSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "ratelimit";
    }

    @Override
    public boolean needsWorker() {
        return true;
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        ScenarioResult result = new ScenarioResult(name(), METHOD);
        String queue = context.queue(name());
        double perSecond = settings.rateLimit();
        QueueView limited = context.api().changeQueue(queue, "{\"rate_limit\":{\"per_second\":" + perSecond + "}}");
        if (limited.ratePerSecond() == null) {
            return result.failed(
                    "PATCH /v1/queues/" + queue + " did not set a rate limit: " + limited.describeLimits());
        }
        int burst = limited.rateBurst();
        int jobs = Math.toIntExact(Math.max(burst + 2L, (long)
                Math.ceil(2 * perSecond * settings.latencyDuration().toMillis() / 1000.0)));
        result.figure("configured_per_second", limited.ratePerSecond())
                .figure("burst", burst)
                .figure("jobs", jobs);
        Arrivals arrivals = context.target().arrivals(name());
        String body = new JobBodies(context.json(), queue, context.target().url(name())).dueNow();
        Progress.say(
                "ratelimit: %,d jobs into a queue limited to %s/s (burst %d): about %.0f s of starts",
                jobs, Double.toString(perSecond), burst, (jobs - burst) / perSecond);
        BatchSubmitter.Submitted submitted = new BatchSubmitter(
                        context.api(), settings.batchSize(), settings.batchClients())
                .submit("ratelimit", jobs, i -> body);
        long accepted = submitted.accepted();
        result.figure("jobs_accepted", accepted).figure("submit_jobs_per_second", submitted.jobsPerSecond());
        if (submitted.failureNote() != null) {
            result.note(submitted.failureNote());
        }
        // A slow limit leaves long gaps between starts by design.
        Duration stallLimit = STALL_LIMIT.plusMillis((long) Math.ceil(3000 / perSecond));
        long delivered =
                DeliveryWait.await("ratelimit", arrivals, accepted, FIRST_DELIVERY_WITHIN.plus(stallLimit), stallLimit);
        long[] starts = submitted.acceptedIds().stream()
                .map(arrivals::of)
                .filter(Objects::nonNull)
                .mapToLong(Arrivals.Arrival::nanoTime)
                .toArray();
        StartRate rate = StartRate.of(starts, burst);
        result.figure("jobs_delivered", delivered);
        if (!Double.isNaN(rate.perSecondAfterBurst())) {
            result.figure("achieved_per_second_after_burst", rate.perSecondAfterBurst())
                    .figure("achieved_over_configured", rate.perSecondAfterBurst() / perSecond)
                    .figure("most_starts_in_any_second_after_burst", rate.mostInAnySecondAfterBurst());
        }
        if (starts.length > 0) {
            long first = Arrays.stream(starts).min().orElseThrow();
            result.figure("first_submit_to_first_start_ms", (first - submitted.startNanos()) / 1e6);
        }
        result.figure("duplicate_deliveries", arrivals.duplicates())
                .latency("start_interval_after_burst", LatencySummary.ofMicros(rate.intervalsMicros()))
                .note("A rate-limited job that may not start yet is parked with its start reserved and woken by"
                        + " the scheduler; the rate is measured at the target, so it includes every step of that.");
        context.target().forget(name());
        if (delivered < accepted) {
            result.failed("only " + delivered + " of " + accepted + " jobs reached the target");
        }
        return result;
    }
}
