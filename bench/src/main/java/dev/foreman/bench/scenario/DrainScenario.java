package dev.foreman.bench.scenario;

import dev.foreman.bench.load.JobBodies;
import dev.foreman.bench.report.Progress;
import dev.foreman.bench.report.ScenarioResult;
import dev.foreman.bench.target.Arrivals;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A backlog drained: {@code --jobs} jobs queued (and relayed to Kafka) while no worker runs, then
 * the worker starts; the drain rate is jobs delivered per second from its first delivery to its last.
 */
final class DrainScenario implements Scenario {
    private static final String METHOD = "The worker is stopped; jobs are submitted through POST /v1/jobs/batch and"
            + " the bench waits until the outbox relay has published them all to Kafka; then the worker starts."
            + " drain_jobs_per_second = distinct jobs delivered / (last delivery - first delivery).";
    private static final Duration RELAY_WITHIN = Duration.ofMinutes(5);
    private static final Duration FIRST_DELIVERY_WITHIN = Duration.ofMinutes(3);
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private final ScenarioSettings settings;

    DrainScenario(ScenarioSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "drain";
    }

    @Override
    public boolean needsWorker() {
        // It starts the worker itself, at the moment it measures from.
        return false;
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        ScenarioResult result = new ScenarioResult(name(), METHOD);
        if (!context.stack().controlsWorker()) {
            return result.skipped("it must stop and start the worker, which only a stack the bench started allows");
        }
        context.stack().stopWorker();
        Arrivals arrivals = context.target().arrivals(name());
        String body = new JobBodies(
                        context.json(), context.queue(name()), context.target().url(name()))
                .dueNow();
        Progress.say("drain: queueing %,d jobs with no worker running", settings.jobs());
        BatchSubmitter.Submitted submitted = new BatchSubmitter(
                        context.api(), settings.batchSize(), settings.batchClients())
                .submit("drain", settings.jobs(), i -> body);
        long accepted = submitted.accepted();
        result.figure("jobs", settings.jobs())
                .figure("jobs_accepted", accepted)
                .figure("submit_jobs_per_second", submitted.jobsPerSecond());
        if (submitted.failureNote() != null) {
            result.note(submitted.failureNote());
        }

        long relayed = awaitEmptyOutbox(context);
        if (relayed < 0) {
            result.note("the outbox still held jobs " + RELAY_WITHIN + " after the last submit; draining anyway");
        } else {
            result.figure("outbox_empty_after_last_submit_s", (relayed - submitted.endNanos()) / 1e9)
                    .figure("relay_jobs_per_second", accepted / ((relayed - submitted.startNanos()) / 1e9));
        }

        long launched = System.nanoTime();
        context.stack().startWorker();
        result.figure("worker_start_to_healthy_s", (System.nanoTime() - launched) / 1e9);
        long delivered = DeliveryWait.await("drain", arrivals, accepted, FIRST_DELIVERY_WITHIN, STALL_LIMIT);
        result.figure("jobs_delivered", delivered);
        if (delivered > 1) {
            result.figure("drain_jobs_per_second", delivered / ((arrivals.lastNanos() - arrivals.firstNanos()) / 1e9))
                    .figure("worker_start_to_first_delivery_s", (arrivals.firstNanos() - launched) / 1e9)
                    .figure("worker_start_to_last_delivery_s", (arrivals.lastNanos() - launched) / 1e9)
                    .figure("duplicate_deliveries", arrivals.duplicates());
        }
        result.note("The worker's CPU and memory here include its start-up.");
        context.target().forget(name());
        if (delivered < accepted) {
            result.failed("only " + delivered + " of " + accepted + " jobs reached the target");
        }
        return result;
    }

    /** {@link System#nanoTime()} when the outbox was first seen empty, or -1 if it never was. */
    private static long awaitEmptyOutbox(ScenarioContext context) throws InterruptedException {
        long deadline = System.nanoTime() + RELAY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            OptionalLong depth = context.stack().outboxDepth();
            if (depth.isEmpty() || depth.getAsLong() == 0) {
                return System.nanoTime();
            }
            Thread.sleep(POLL);
        }
        return -1;
    }
}
