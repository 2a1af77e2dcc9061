package dev.foreman.bench.scenario;

import dev.foreman.bench.load.ForemanClient;
import dev.foreman.bench.load.JobBodies;
import dev.foreman.bench.load.OpenLoop;
import dev.foreman.bench.load.OpenLoopSchedule;
import dev.foreman.bench.report.LatencySummary;
import dev.foreman.bench.report.Progress;
import dev.foreman.bench.report.ScenarioResult;
import dev.foreman.bench.target.Arrivals;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * New jobs behind one tenant's backlog: {@code --backlog-jobs} low-priority jobs of the bench's
 * tenant are queued in batches while the worker runs, then probe jobs are offered open loop and
 * timed from their intended send time to their first arrival at the target. The probes are the
 * same tenant's high-priority jobs (does priority skip the backlog?) and, on a stack the bench
 * started, a second tenant's low-priority jobs (the backlog's own priority: does one tenant's
 * backlog hold another's jobs of the same priority back?) and normal-priority ones.
 */
final class BacklogScenario implements Scenario {
    static final String BACKLOG_PRIORITY = "low";
    private static final String METHOD = "--backlog-jobs low-priority jobs of one tenant are submitted through POST"
            + " /v1/jobs/batch as fast as the API takes them, the worker running, so the backlog drains meanwhile."
            + " As soon as the last batch is answered, probes are offered open loop for --latency-duration, one POST"
            + " /v1/jobs per intended send time, --backlog-rate per second in each stream: the same tenant's"
            + " high-priority jobs and, on a stack the bench started, a second tenant's low-priority (the backlog's"
            + " priority) and normal-priority jobs, each stream in a queue of its own. <stream>_submit_to_start ="
            + " first arrival at the target - intended send time, over every probe. backlog_not_started_at_probe_end"
            + " is how much of the backlog had not reached the target when the last probe was answered;"
            + " <stream>_probes_sent_after_backlog_ran_out counts probes sent after the backlog's last job had"
            + " started. Then the rest of the backlog is purged.";
    private static final Duration ANSWERS_WITHIN = Duration.ofSeconds(60);
    // Probes held behind the backlog may wait for all of it; as long as backlog jobs still arrive,
    // the stack is working and the probes are still expected.
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);
    private static final Duration PROBES_WITHIN = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    /**
     * One stream of probes: jobs of one tenant, queue and priority, each submitted on its own.
     *
     * @param key the prefix of the stream's figures, e.g. {@code high}
     * @param run the stream's target path, e.g. {@code backlog-high}
     */
    private record Probes(String key, ForemanClient api, String body, String run, Arrivals arrivals) {}

    private final ScenarioSettings settings;

    BacklogScenario(ScenarioSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "backlog";
    }

    @Override
    public boolean needsWorker() {
        return true;
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        ScenarioResult result = new ScenarioResult(name(), METHOD);
        List<Probes> streams = new ArrayList<>();
        try (ForemanClient other = context.stack()
                .otherTenantApiKey()
                .map(key -> new ForemanClient(context.stack().apiUrl(), key, context.json()))
                .orElse(null)) {
            streams.add(probes(context, context.api(), "high", "high"));
            if (other != null) {
                streams.add(probes(context, other, "other_tenant_low", "low"));
                streams.add(probes(context, other, "other_tenant_normal", "normal"));
            } else {
                result.note("A stack the bench did not start has no second tenant for it: only the same tenant's"
                        + " high-priority probes ran.");
            }
            return measure(context, result, streams);
        } finally {
            context.target().forget(name());
            streams.forEach(stream -> context.target().forget(stream.run()));
        }
    }

    private static Probes probes(ScenarioContext context, ForemanClient api, String key, String priority) {
        String run = "backlog-" + key.replace('_', '-');
        String body = new JobBodies(
                        context.json(), context.queue(run), context.target().url(run))
                .dueNow(priority);
        return new Probes(key, api, body, run, context.target().arrivals(run));
    }

    private ScenarioResult measure(ScenarioContext context, ScenarioResult result, List<Probes> streams)
            throws InterruptedException {
        String backlogQueue = context.queue(name());
        Arrivals backlog = context.target().arrivals(name());
        String backlogBody =
                new JobBodies(context.json(), backlogQueue, context.target().url(name())).dueNow(BACKLOG_PRIORITY);
        Progress.say(
                "backlog: queueing %,d %s-priority jobs of one tenant, the worker running",
                settings.backlogJobs(), BACKLOG_PRIORITY);
        BatchSubmitter.Submitted submitted = new BatchSubmitter(
                        context.api(), settings.batchSize(), settings.batchClients())
                .submit("backlog", settings.backlogJobs(), i -> backlogBody);
        long accepted = submitted.accepted();
        result.figure("backlog_jobs", settings.backlogJobs())
                .figure("backlog_jobs_accepted", accepted)
                .figure("backlog_submit_jobs_per_second", submitted.jobsPerSecond());
        if (submitted.failureNote() != null) {
            result.note(submitted.failureNote());
        }
        if (accepted == 0) {
            return result.failed("no backlog job was accepted");
        }
        long probesBegan = System.nanoTime();
        long startedBefore = backlog.distinct();
        result.figure("backlog_not_started_at_probe_start", Math.max(0, accepted - startedBefore));
        context.stack().outboxDepth().ifPresent(rows -> result.figure("outbox_rows_at_probe_start", rows));

        OpenLoopSchedule schedule =
                new OpenLoopSchedule(settings.backlogRate() * streams.size(), settings.latencyDuration());
        int count = Math.toIntExact(schedule.count());
        UUID[] ids = new UUID[count];
        Recorder request = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Progress.say(
                "backlog: probing with %s jobs/s in each of %s for %s",
                Double.toString(settings.backlogRate()),
                streams.stream().map(Probes::key).toList(),
                settings.latencyDuration());
        OpenLoop.Outcome outcome = OpenLoop.run(schedule, ANSWERS_WITHIN, (index, intendedNanos) -> {
            // Streams take turns, so each one is paced evenly at --backlog-rate.
            Probes stream = streams.get((int) (index % streams.size()));
            try {
                UUID id = stream.api().submit(stream.body());
                request.recordValue(Math.max(0, (System.nanoTime() - intendedNanos) / 1000));
                ids[(int) index] = id;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, String.valueOf(e.getMessage()));
            }
        });
        long startedAfter = backlog.distinct();
        double probing = (System.nanoTime() - probesBegan) / 1e9;
        result.figure("probe_rate_per_second_per_stream", settings.backlogRate())
                .figure("probe_seconds", settings.latencyDuration().toMillis() / 1000.0)
                .figure("probe_max_send_lag_ms", outcome.maxSendLagNanos() / 1e6)
                .figure("probe_submit_errors", errors.get())
                .figure("backlog_not_started_at_probe_end", Math.max(0, accepted - startedAfter))
                .figure("backlog_started_per_second_while_probing", (startedAfter - startedBefore) / probing);
        try {
            result.figure(
                    "backlog_queued_at_probe_end",
                    context.api().queue(backlogQueue).count("queued"));
        } catch (IOException | RuntimeException e) {
            result.note("GET /v1/queues/" + backlogQueue + " failed after the probes: " + e.getMessage());
        }
        if (firstError.get() != null) {
            result.note("first probe submit error: " + firstError.get());
        }
        if (!outcome.allAnswered()) {
            result.note("some probe submits were still unanswered " + ANSWERS_WITHIN + " after the last was sent");
        }

        long expected = Arrays.stream(ids).filter(id -> id != null).count();
        awaitProbes(streams, expected, backlog);
        long undelivered = summarise(result, streams, ids, schedule, outcome, backlog, accepted);
        result.figure("backlog_duplicate_deliveries", backlog.duplicates())
                .latency("probe_submit_request", LatencySummary.ofMicros(request.getIntervalHistogram()));
        purgeRest(context, result, backlogQueue);
        if (undelivered > 0) {
            result.failed(undelivered + " accepted probe jobs never reached the target");
        }
        return result;
    }

    /**
     * Adds each stream's figures and submit→start latency; answers how many accepted probes never
     * arrived. A probe counts as sent after the backlog ran out when its intended send time came
     * after the first arrival of the backlog's last job to start.
     */
    private static long summarise(
            ScenarioResult result,
            List<Probes> streams,
            UUID[] ids,
            OpenLoopSchedule schedule,
            OpenLoop.Outcome outcome,
            Arrivals backlog,
            long backlogAccepted) {
        boolean ranOut = backlog.distinct() >= backlogAccepted;
        long ranOutNanos = ranOut ? backlog.lastNanos() : Long.MAX_VALUE;
        long probesEnd = outcome.startNanos() + schedule.duration().toNanos();
        if (ranOut) {
            result.figure("backlog_ran_out_after_probe_start_s", (ranOutNanos - outcome.startNanos()) / 1e9);
            if (ranOutNanos < probesEnd) {
                result.note("The backlog ran out before the probes ended: the probes sent after that found none"
                        + " ahead of them (<stream>_probes_sent_after_backlog_ran_out). Raise --backlog-jobs for a"
                        + " backlog that outlasts the probes.");
            }
        }
        long undelivered = 0;
        int n = streams.size();
        for (int k = 0; k < n; k++) {
            Probes stream = streams.get(k);
            Histogram toStart = LatencySummary.newMicrosHistogram();
            long accepted = 0;
            long delivered = 0;
            long afterBacklog = 0;
            for (int i = k; i < ids.length; i += n) {
                if (ids[i] == null) {
                    continue;
                }
                accepted++;
                long intended = outcome.startNanos() + schedule.intendedOffsetNanos(i);
                if (intended >= ranOutNanos) {
                    afterBacklog++;
                }
                Arrivals.Arrival arrival = stream.arrivals().of(ids[i]);
                if (arrival != null) {
                    delivered++;
                    toStart.recordValue(Math.max(0, (arrival.nanoTime() - intended) / 1000));
                }
            }
            undelivered += accepted - delivered;
            result.figure(stream.key() + "_probes_accepted", accepted)
                    .figure(stream.key() + "_probes_delivered", delivered)
                    .figure(stream.key() + "_probes_sent_after_backlog_ran_out", afterBacklog)
                    .latency(stream.key() + "_submit_to_start", LatencySummary.ofMicros(toStart));
        }
        return undelivered;
    }

    /**
     * Waits until every accepted probe has arrived. Gives up when neither a probe nor a backlog job
     * arrived for {@link #STALL_LIMIT}, or after {@link #PROBES_WITHIN} in all.
     */
    private static void awaitProbes(List<Probes> streams, long expected, Arrivals backlog) throws InterruptedException {
        long started = System.nanoTime();
        long lastProgress = started;
        long lastReport = started;
        long seen = arrived(streams);
        long backlogSeen = backlog.distinct();
        while (seen < expected) {
            Thread.sleep(POLL);
            long now = System.nanoTime();
            long probes = arrived(streams);
            long backlogNow = backlog.distinct();
            if (probes > seen || backlogNow > backlogSeen) {
                lastProgress = now;
            }
            seen = probes;
            backlogSeen = backlogNow;
            if (now - lastReport >= REPORT_EVERY.toNanos()) {
                Progress.say("backlog: %,d of %,d probes started; %,d backlog jobs", seen, expected, backlogSeen);
                lastReport = now;
            }
            if (now - lastProgress > STALL_LIMIT.toNanos() || now - started > PROBES_WITHIN.toNanos()) {
                Progress.say("backlog: giving up on the probes with %,d of %,d started", seen, expected);
                return;
            }
        }
    }

    private static long arrived(List<Probes> streams) {
        return streams.stream()
                .mapToLong(stream -> stream.arrivals().distinct())
                .sum();
    }

    /** Cancels what is left of the backlog, so that the scenarios after this one find an idle worker. */
    private static void purgeRest(ScenarioContext context, ScenarioResult result, String queue)
            throws InterruptedException {
        try {
            result.figure("backlog_cancelled_by_purge", context.api().purgeQueue(queue));
        } catch (IOException | RuntimeException e) {
            result.note("purging the rest of the backlog (" + queue + ") failed: " + e.getMessage());
        }
    }
}
