package dev.foreman.bench.scenario;

import dev.foreman.bench.load.ForemanClient;
import dev.foreman.bench.load.JobBodies;
import dev.foreman.bench.load.JobTimes;
import dev.foreman.bench.load.OpenLoop;
import dev.foreman.bench.load.OpenLoopSchedule;
import dev.foreman.bench.report.LatencySummary;
import dev.foreman.bench.report.Progress;
import dev.foreman.bench.report.ScenarioResult;
import dev.foreman.bench.stages.StageWindow;
import dev.foreman.bench.target.Arrivals;
import dev.foreman.bench.warmup.JitWarmup;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntToLongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Jobs delivered to the no-op target, in two runs. Throughput: {@code --jobs} jobs submitted in
 * batches as fast as the API takes them; completed jobs per second from the first to the last
 * delivery. Latency: single submits offered open-loop at {@code --rate} per second; submit→start
 * and submit→finish measured from each request's intended send time, and where that time went
 * stage by stage as the services' own histograms saw it.
 */
final class EndToEndScenario implements Scenario {
    private static final String METHOD = "Throughput: jobs submitted through POST /v1/jobs/batch as fast as the API"
            + " takes them; delivered_jobs_per_second = distinct jobs delivered / (last delivery - first delivery)."
            + " Latency: open loop, one POST /v1/jobs per intended send time at a fixed rate, each on its own virtual"
            + " thread; every latency counts from the intended send time, so queueing cannot hide (no coordinated"
            + " omission). submit_to_start = first arrival at the target; submit_to_finish = finished_at of a"
            + " sample of jobs read back through GET /v1/jobs/{id}.";
    private static final String[] OPEN_STATES = {"scheduled", "queued", "running", "retrying"};
    private static final Duration FIRST_DELIVERY_WITHIN = Duration.ofSeconds(60);
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);
    private static final Duration ANSWERS_WITHIN = Duration.ofSeconds(60);
    // Bounds the whole read-back, so a stack that stopped answering cannot hold the bench for long.
    private static final Duration FINISH_SAMPLING_WITHIN = Duration.ofMinutes(2);
    private static final Duration CONFIRM_WITHIN = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int FINISH_SAMPLE = 1000;
    private static final String WARMUP_RUN = "e2e-latency-warmup";
    private static final int FINISH_READERS = 8;

    private final ScenarioSettings settings;

    EndToEndScenario(ScenarioSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "e2e";
    }

    @Override
    public boolean needsWorker() {
        return true;
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        ScenarioResult result = new ScenarioResult(name(), METHOD);
        if (settings.queueLimits()) {
            // The latency run's warm-up and measured jobs share the "latency" queue.
            NonBindingLimits.configure(context.api(), List.of(context.queue(name()), context.queue("latency")), result);
        }
        measureThroughput(context, result);
        measureLatency(context, result);
        return result;
    }

    private void measureThroughput(ScenarioContext context, ScenarioResult result) throws Exception {
        String run = "e2e-throughput";
        String queue = context.queue(name());
        Arrivals arrivals = context.target().arrivals(run);
        String body = new JobBodies(context.json(), queue, context.target().url(run)).dueNow();
        Progress.say("e2e: submitting %,d jobs in batches of %d", settings.jobs(), settings.batchSize());
        BatchSubmitter.Submitted submitted = new BatchSubmitter(
                        context.api(), settings.batchSize(), settings.batchClients())
                .submit("e2e", settings.jobs(), i -> body);
        long accepted = submitted.accepted();
        result.figure("jobs", settings.jobs())
                .figure("jobs_accepted", accepted)
                .figure("submit_jobs_per_second", submitted.jobsPerSecond());
        if (submitted.failureNote() != null) {
            result.note(submitted.failureNote());
        }
        long delivered = DeliveryWait.await("e2e", arrivals, accepted, FIRST_DELIVERY_WITHIN, STALL_LIMIT);
        result.figure("jobs_delivered", delivered);
        if (delivered > 1) {
            result.figure(
                            "delivered_jobs_per_second",
                            delivered / seconds(arrivals.lastNanos() - arrivals.firstNanos()))
                    .figure(
                            "first_submit_to_last_delivery_jobs_per_second",
                            delivered / seconds(arrivals.lastNanos() - submitted.startNanos()))
                    .figure("duplicate_deliveries", arrivals.duplicates());
        }
        context.target().forget(run);
        if (delivered < accepted) {
            result.failed("only " + delivered + " of " + accepted + " jobs reached the target");
            return;
        }
        long lastDelivery = arrivals.lastNanos();
        if (awaitNoOpenJobs(context.api(), queue)) {
            result.figure("api_all_succeeded_after_last_delivery_ms", (System.nanoTime() - lastDelivery) / 1e6);
        } else {
            result.note("GET /v1/jobs still listed open jobs " + CONFIRM_WITHIN + " after the last delivery");
        }
        if (context.api().hasJobsIn(queue, "dead")) {
            result.note("some jobs of " + queue + " are dead: see GET /v1/dlq");
        }
    }

    /** Polls the job list, one cheap query per open state, until none of the queue's jobs is open. */
    private static boolean awaitNoOpenJobs(ForemanClient api, String queue) throws Exception {
        long deadline = System.nanoTime() + CONFIRM_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            boolean open = false;
            for (String state : OPEN_STATES) {
                if (api.hasJobsIn(queue, state)) {
                    open = true;
                    break;
                }
            }
            if (!open) {
                return true;
            }
            Thread.sleep(POLL);
        }
        return false;
    }

    /**
     * Offers the open loop's load, unmeasured, until the warm-up ends (see {@link JitWarmup}): the
     * single submit of a due job, its publication and its delivery are paths the throughput run did
     * not take, and on 2 shared cores a cold JIT compiling them took a third of the machine (perf:
     * C2 threads at 30 % of all samples in a measured open loop right after the throughput run).
     * The measured loop then starts once the warm-up's jobs have all been delivered: the jobs a cold
     * stack accepted faster than it delivered would otherwise sit ahead of the measured ones, and
     * submit→start would measure the cold stack's backlog, not the latency at the offered rate
     * (runs differed by 30 s in p50 with the same code). How long that backlog took is reported.
     */
    private void warmUpLatency(ScenarioContext context, ScenarioResult result) throws Exception {
        if (settings.warmup().isZero()) {
            return;
        }
        String body = new JobBodies(
                        context.json(),
                        context.queue("latency"),
                        context.target().url(WARMUP_RUN))
                .dueNow();
        OpenLoopSchedule schedule = new OpenLoopSchedule(settings.rate(), settings.warmupMax());
        Arrivals arrivals = context.target().arrivals(WARMUP_RUN);
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Progress.say(
                "e2e: warming up with %s jobs/s open loop for %s to %s, until the JIT settles (not measured)",
                Double.toString(settings.rate()), settings.warmup(), settings.warmupMax());
        CompletableFuture<JitWarmup.Outcome> warmed = new CompletableFuture<>();
        Thread.ofVirtual().name("e2e-warmup").start(() -> {
            try {
                warmed.complete(context.warmup(settings).await());
            } catch (Throwable e) {
                warmed.completeExceptionally(e);
            }
        });
        OpenLoop.run(
                schedule,
                ANSWERS_WITHIN,
                (index, intendedNanos) -> {
                    try {
                        context.api().submit(body);
                        accepted.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, String.valueOf(e.getMessage()));
                    }
                },
                warmed::isDone);
        JitWarmup.Outcome outcome = warmed.get();
        Progress.say("e2e: %s", outcome.describe());
        result.figure("open_loop_warmup_seconds", outcome.took().toMillis() / 1000.0)
                .figure("open_loop_warmup_submit_errors", errors.get())
                .note("open loop " + outcome.describe());
        if (firstError.get() != null) {
            result.note("first warm-up submit error: " + firstError.get());
        }
        long warmedNanos = System.nanoTime();
        long delivered =
                DeliveryWait.await("e2e warm-up backlog", arrivals, accepted.get(), FIRST_DELIVERY_WITHIN, STALL_LIMIT);
        result.figure("open_loop_warmup_jobs_accepted", accepted.get())
                .figure("open_loop_warmup_backlog_seconds", Math.max(0, arrivals.lastNanos() - warmedNanos) / 1e9);
        if (delivered > 1) {
            result.figure(
                    "open_loop_warmup_delivered_jobs_per_second",
                    delivered / seconds(arrivals.lastNanos() - arrivals.firstNanos()));
        }
        context.target().forget(WARMUP_RUN);
    }

    private void measureLatency(ScenarioContext context, ScenarioResult result) throws Exception {
        warmUpLatency(context, result);
        String run = "e2e-latency";
        Arrivals arrivals = context.target().arrivals(run);
        String body = new JobBodies(
                        context.json(),
                        context.queue("latency"),
                        context.target().url(run))
                .dueNow();
        OpenLoopSchedule schedule = new OpenLoopSchedule(settings.rate(), settings.latencyDuration());
        int count = Math.toIntExact(schedule.count());
        UUID[] ids = new UUID[count];
        Recorder request = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Instant epochBase = context.clock().instant();
        long nanoBase = System.nanoTime();
        Progress.say(
                "e2e: offering %s jobs/s open loop for %s (%,d single submits)",
                Double.toString(settings.rate()), settings.latencyDuration(), count);
        StageWindow stages = StageWindow.begin(context.stack().monitored(), context.prometheus());
        OpenLoop.Outcome outcome = OpenLoop.run(schedule, ANSWERS_WITHIN, (index, intendedNanos) -> {
            try {
                UUID id = context.api().submit(body);
                request.recordValue(Math.max(0, (System.nanoTime() - intendedNanos) / 1000));
                ids[(int) index] = id;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, String.valueOf(e.getMessage()));
            }
        });
        List<Integer> acceptedIndexes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (ids[i] != null) {
                acceptedIndexes.add(i);
            }
        }
        result.figure("open_loop_offered_jobs_per_second", settings.rate())
                .figure("open_loop_seconds", settings.latencyDuration().toMillis() / 1000.0)
                .figure("open_loop_jobs_sent", outcome.sent())
                .figure("open_loop_jobs_accepted", acceptedIndexes.size())
                .figure("open_loop_submit_errors", errors.get())
                // Still waiting for an answer when the bench stopped waiting (see ANSWERS_WITHIN).
                .figure("open_loop_submits_unanswered", outcome.sent() - acceptedIndexes.size() - errors.get())
                .figure("open_loop_max_send_lag_ms", outcome.maxSendLagNanos() / 1e6);
        if (firstError.get() != null) {
            result.note("first open-loop submit error: " + firstError.get());
        }
        if (!outcome.allAnswered()) {
            result.note("some submits were still unanswered " + ANSWERS_WITHIN + " after the last was sent; jobs"
                    + " the API stored after the bench gave up on them may still be delivered, so"
                    + " open_loop_jobs_delivered can exceed open_loop_jobs_accepted");
        }
        long delivered =
                DeliveryWait.await("e2e latency", arrivals, acceptedIndexes.size(), FIRST_DELIVERY_WITHIN, STALL_LIMIT);
        result.figure("open_loop_jobs_delivered", delivered);
        stages.end(result);

        Histogram toStart = LatencySummary.newMicrosHistogram();
        for (int i : acceptedIndexes) {
            Arrivals.Arrival arrival = arrivals.of(ids[i]);
            if (arrival != null) {
                long intended = outcome.startNanos() + schedule.intendedOffsetNanos(i);
                toStart.recordValue(Math.max(0, (arrival.nanoTime() - intended) / 1000));
            }
        }
        result.latency("submit_request", LatencySummary.ofMicros(request.getIntervalHistogram()))
                .latency("submit_to_start", LatencySummary.ofMicros(toStart));

        long epochBaseMicros = ChronoUnit.MICROS.between(Instant.EPOCH, epochBase);
        // Only delivered jobs can have finished; reading the others back would only wait.
        List<Integer> deliveredIndexes = acceptedIndexes.stream()
                .filter(i -> arrivals.of(ids[i]) != null)
                .toList();
        Histogram toFinish = finishLatencies(context.api(), deliveredIndexes, ids, i -> {
            long intended = outcome.startNanos() + schedule.intendedOffsetNanos(i);
            return epochBaseMicros + (intended - nanoBase) / 1000;
        });
        result.latency("submit_to_finish", LatencySummary.ofMicros(toFinish));
        result.note("submit_to_finish is over a sample of " + toFinish.getTotalCount() + " jobs spread evenly over"
                + " the run; finished_at is written by the worker, on the same machine's clock.");
        context.target().forget(run);
        context.target().forget(WARMUP_RUN);
    }

    /** Reads back an even sample of the jobs and measures intended send time → {@code finished_at}. */
    private static Histogram finishLatencies(
            ForemanClient api, List<Integer> delivered, UUID[] ids, IntToLongFunction intendedMicros)
            throws InterruptedException {
        Histogram toFinish = LatencySummary.newMicrosHistogram();
        if (delivered.isEmpty()) {
            return toFinish;
        }
        int step = Math.max(1, delivered.size() / FINISH_SAMPLE);
        List<Integer> sample = new ArrayList<>();
        for (int i = 0; i < delivered.size() && sample.size() < FINISH_SAMPLE; i += step) {
            sample.add(delivered.get(i));
        }
        long deadline = System.nanoTime() + FINISH_SAMPLING_WITHIN.toNanos();
        Recorder recorder = new Recorder(3);
        try (ExecutorService readers =
                Executors.newFixedThreadPool(FINISH_READERS, Thread.ofVirtual().factory())) {
            for (int index : sample) {
                readers.execute(() -> {
                    Instant finishedAt = awaitFinished(api, ids[index], deadline);
                    if (finishedAt != null) {
                        long finished = ChronoUnit.MICROS.between(Instant.EPOCH, finishedAt);
                        recorder.recordValue(Math.max(0, finished - intendedMicros.applyAsLong(index)));
                    }
                });
            }
        }
        toFinish.add(recorder.getIntervalHistogram());
        return toFinish;
    }

    /** The job's {@code finished_at}, polled until {@code deadline}; null if it never showed. */
    private static Instant awaitFinished(ForemanClient api, UUID id, long deadline) {
        try {
            while (System.nanoTime() < deadline) {
                JobTimes job = api.job(id);
                if (job.finishedAt() != null) {
                    return job.finishedAt();
                }
                Thread.sleep(POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // A job that cannot be read is left out of the sample.
        }
        return null;
    }

    private static double seconds(long nanos) {
        return Math.max(1, nanos) / 1e9;
    }
}
