package dev.foreman.bench.scenario;

import dev.foreman.bench.load.JobBodies;
import dev.foreman.bench.report.LatencySummary;
import dev.foreman.bench.report.Progress;
import dev.foreman.bench.report.ScenarioResult;
import dev.foreman.bench.target.Arrivals;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/**
 * Jobs due at given times: submitted with {@code run_at} spread evenly over one minute that starts
 * twenty seconds ahead; lateness = arrival at the target − {@code run_at}.
 */
final class DelayedScenario implements Scenario {
    static final Duration LEAD = Duration.ofSeconds(20);
    static final Duration SPREAD = Duration.ofMinutes(1);
    private static final String METHOD = "Jobs submitted through POST /v1/jobs/batch with run_at spread evenly over"
            + " one minute starting " + LEAD.toSeconds() + " s ahead; lateness = first arrival at the target - run_at,"
            + " both wall-clock times of the same machine.";
    private static final Duration STALL_LIMIT = Duration.ofSeconds(30);

    private final ScenarioSettings settings;

    DelayedScenario(ScenarioSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "delayed";
    }

    @Override
    public boolean needsWorker() {
        return true;
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        int count = settings.delayedJobs();
        Arrivals arrivals = context.target().arrivals(name());
        JobBodies bodies = new JobBodies(
                context.json(), context.queue(name()), context.target().url(name()));
        Instant firstDue = context.clock().instant().plus(LEAD).truncatedTo(ChronoUnit.MILLIS);
        Instant[] runAt = new Instant[count];
        for (int i = 0; i < count; i++) {
            runAt[i] = firstDue.plusMillis(i * SPREAD.toMillis() / count);
        }
        Progress.say("delayed: %,d jobs due over %s from %s", count, SPREAD, firstDue);
        BatchSubmitter.Submitted submitted = new BatchSubmitter(
                        context.api(), settings.batchSize(), settings.batchClients())
                .submit("delayed", count, i -> bodies.dueAt(runAt[i]));
        ScenarioResult result =
                new ScenarioResult(name(), METHOD).figure("jobs", count).figure("jobs_accepted", submitted.accepted());
        if (submitted.failureNote() != null) {
            result.note(submitted.failureNote());
        }
        if (context.clock().instant().isAfter(firstDue)) {
            result.note("submitting took longer than the " + LEAD.toSeconds() + " s lead: the first jobs were"
                    + " already due when they were stored, and their lateness includes that");
        }
        long delivered = DeliveryWait.await(
                "delayed", arrivals, submitted.accepted(), LEAD.plus(SPREAD).plus(STALL_LIMIT), STALL_LIMIT);
        Histogram lateness = LatencySummary.newMicrosHistogram();
        long early = 0;
        UUID[] ids = submitted.ids();
        for (int i = 0; i < count; i++) {
            Arrivals.Arrival arrival = ids[i] == null ? null : arrivals.of(ids[i]);
            if (arrival == null) {
                continue;
            }
            long late = arrival.epochMicros() - ChronoUnit.MICROS.between(Instant.EPOCH, runAt[i]);
            if (late < 0) {
                early++;
            }
            lateness.recordValue(Math.max(0, late));
        }
        result.figure("jobs_delivered", delivered)
                .figure("early_deliveries", early)
                .latency("lateness", LatencySummary.ofMicros(lateness));
        context.target().forget(name());
        if (delivered < submitted.accepted()) {
            result.failed("only " + delivered + " of " + submitted.accepted() + " jobs reached the target");
        }
        return result;
    }
}
