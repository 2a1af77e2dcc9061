package dev.foreman.scheduler.cron;

import dev.foreman.common.id.UuidV7;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.common.schedule.CronSchedule;
import dev.foreman.common.schedule.FireOutcome;
import dev.foreman.common.schedule.OverlapPolicy;
import dev.foreman.common.schedule.Schedule;
import dev.foreman.common.schedule.ScheduleRepository;
import dev.foreman.common.tracing.TraceAttributes;
import dev.foreman.common.tracing.TraceSpan;
import dev.foreman.common.tracing.Tracing;
import dev.foreman.scheduler.SchedulerProperties;
import dev.foreman.scheduler.cron.FirePlan.Fire;
import dev.foreman.scheduler.leader.LeaderBatches;
import dev.foreman.scheduler.leader.LeaderTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * While this instance leads, every {@link SchedulerProperties#cronInterval()} fires the cron
 * schedules that are due. A batch of due schedules is locked ({@code FOR UPDATE SKIP LOCKED}) in
 * one transaction; each schedule's fires, jobs (with their outbox rows) and advance to its next
 * fire time are all-or-nothing within it (a savepoint each, so one broken schedule does not hold up the others).
 *
 * <p>Every fire is recorded in {@code schedule_fires} before its job is created, and the job is
 * created only if the record is new: two leaders at once (a moment around failover, or the Postgres
 * fallback) never fire a time twice. A fired job is due at its fire time, so it is queued at once
 * with its outbox row.
 */
@Component
class CronFirer implements LeaderTask {
    private static final Logger log = LoggerFactory.getLogger(CronFirer.class);

    private final LeaderBatches batches;
    private final TransactionTemplate eachSchedule;
    private final ScheduleRepository schedules;
    private final JobRepository jobs;
    private final UuidV7 ids;
    private final SchedulerProperties properties;
    private final Tracing tracing;
    private final MeterRegistry meters;
    private final Timer lateness;
    private final Counter failures;

    CronFirer(
            LeaderBatches batches,
            PlatformTransactionManager transactions,
            ScheduleRepository schedules,
            JobRepository jobs,
            UuidV7 ids,
            SchedulerProperties properties,
            Tracing tracing,
            MeterRegistry meters) {
        this.batches = batches;
        this.tracing = tracing;
        this.eachSchedule = new TransactionTemplate(transactions);
        this.eachSchedule.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.schedules = schedules;
        this.jobs = jobs;
        this.ids = ids;
        this.properties = properties;
        this.meters = meters;
        this.lateness = Timer.builder("foreman.scheduler.cron.lateness")
                .description("How long after its fire time a cron job was created")
                .publishPercentileHistogram()
                .register(meters);
        this.failures = Counter.builder("foreman.scheduler.cron.failures")
                .description("Due schedules that could not be fired in a round (each is tried again the next round)")
                .register(meters);
        // Registered up front so every series exists (at zero) before the first fire: rate() alerts need them.
        List.of(FireOutcome.FIRED, FireOutcome.SKIPPED_OVERLAP, FireOutcome.SKIPPED_MISFIRE)
                .forEach(this::fires);
    }

    /** What firing one schedule did, reported once its batch committed. */
    record FiredSchedule(Schedule schedule, List<Fire> recorded, long skippedUnrecorded, Instant at) {}

    /**
     * Fires every schedule due now, a batch per transaction, as long as this instance leads.
     *
     * @return how many due schedules it handled
     */
    int fireDue() {
        return batches.drain(properties.cronBatchSize(), this::fireLocked, this::recordFired);
    }

    private List<FiredSchedule> fireLocked(Instant now, int limit) {
        List<FiredSchedule> fired = new ArrayList<>();
        for (Schedule schedule : schedules.lockDue(now, limit)) {
            try {
                fired.add(eachSchedule.execute(status -> fire(schedule, now)));
            } catch (RuntimeException e) {
                failures.increment();
                log.error(
                        "Could not fire schedule {} ('{}', cron '{}' in {}); trying again in {}",
                        schedule.id(),
                        schedule.name(),
                        schedule.cron(),
                        schedule.timeZone(),
                        properties.cronInterval(),
                        e);
            }
        }
        return fired;
    }

    private FiredSchedule fire(Schedule schedule, Instant now) {
        FirePlan plan = FirePlan.plan(
                CronSchedule.parse(schedule.cron(), schedule.timeZone()),
                schedule.nextFireAt(),
                schedule.misfirePolicy(),
                now,
                properties.misfireThreshold(),
                properties.maxCatchUp());
        boolean skipsOverlap = schedule.overlapPolicy() == OverlapPolicy.SKIP;
        boolean previousJobActive = skipsOverlap && schedules.hasActiveJob(schedule.id());
        List<Fire> recorded = new ArrayList<>();
        List<ValidatedJob> newJobs = new ArrayList<>();
        for (Fire planned : plan.fires()) {
            Fire fire = planned.outcome() == FireOutcome.FIRED && previousJobActive
                    ? new Fire(planned.at(), FireOutcome.SKIPPED_OVERLAP)
                    : planned;
            UUID jobId = fire.outcome() == FireOutcome.FIRED ? ids.next() : null;
            if (!schedules.recordFire(schedule.id(), fire.at(), jobId, fire.outcome(), now)) {
                // Another leader recorded this time first: the fire is theirs, whatever became of it.
                continue;
            }
            recorded.add(fire);
            if (jobId != null) {
                newJobs.add(schedule.jobTemplate().toJob(jobId, fire.at(), schedule.id()));
                // The job just made is active until it ends, so with overlap_policy=skip it blocks the later fires.
                previousJobActive = skipsOverlap;
            }
        }
        if (!newJobs.isEmpty()) {
            insertInTrace(schedule, newJobs, now);
        }
        advance(schedule, plan.next(), lastFired(recorded), now);
        return new FiredSchedule(schedule, List.copyOf(recorded), plan.skippedUnrecorded(), now);
    }

    /**
     * Inserts a fire's jobs in a {@code cron fire} span: the root of a trace of their own (a schedule
     * may fire for years, too long for one trace) that links to the trace the schedule was created
     * in. The jobs' attempts continue it.
     */
    private void insertInTrace(Schedule schedule, List<ValidatedJob> newJobs, Instant now) {
        TraceSpan span = tracing.startLinked("cron fire", SpanKind.PRODUCER, schedule.traceparent());
        try {
            jobs.insertAllSkippingKnownIdempotencyKeys(schedule.tenantId(), newJobs, now, span.propagate(null));
            if (span.recording()) {
                span.set(TraceAttributes.SCHEDULE_ID, schedule.id().toString())
                        .set(TraceAttributes.TENANT_ID, schedule.tenantId().toString())
                        .set(TraceAttributes.QUEUE, schedule.jobTemplate().queue())
                        .set(TraceAttributes.JOB_COUNT, newJobs.size());
            }
        } catch (RuntimeException e) {
            span.fail(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private void advance(Schedule schedule, Instant next, Instant lastFired, Instant now) {
        if (next == null) {
            // The CHECK wants a next fire time unless paused; a cron with no future time (Feb 30th) can only be paused.
            schedules.update(paused(schedule), now);
            log.warn(
                    "Paused schedule {} ('{}'): cron '{}' has no fire time after {}",
                    schedule.id(),
                    schedule.name(),
                    schedule.cron(),
                    now);
        }
        schedules.advance(schedule.id(), next, lastFired, now);
    }

    private static Schedule paused(Schedule s) {
        return new Schedule(
                s.id(),
                s.tenantId(),
                s.name(),
                s.cron(),
                s.timeZone(),
                s.jobTemplate(),
                s.misfirePolicy(),
                s.overlapPolicy(),
                true,
                null,
                s.lastFiredAt(),
                s.createdAt(),
                s.updatedAt(),
                s.traceparent());
    }

    private static Instant lastFired(List<Fire> recorded) {
        return recorded.stream()
                .filter(fire -> fire.outcome() == FireOutcome.FIRED)
                .map(Fire::at)
                .reduce((first, second) -> second)
                .orElse(null);
    }

    private void recordFired(List<FiredSchedule> fired) {
        for (FiredSchedule schedule : fired) {
            int lateFired = 0;
            long skippedMisfires = schedule.skippedUnrecorded();
            for (Fire fire : schedule.recorded()) {
                fires(fire.outcome()).increment();
                if (fire.outcome() == FireOutcome.FIRED) {
                    Duration late = Duration.between(fire.at(), schedule.at());
                    lateness.record(late);
                    lateFired += late.compareTo(properties.misfireThreshold()) > 0 ? 1 : 0;
                } else if (fire.outcome() == FireOutcome.SKIPPED_MISFIRE) {
                    skippedMisfires++;
                }
            }
            fires(FireOutcome.SKIPPED_MISFIRE).increment(schedule.skippedUnrecorded());
            if (lateFired + skippedMisfires > 0) {
                log.warn(
                        "Schedule {} ('{}') missed fires while no scheduler fired it: {} fired late, {} skipped (misfire_policy={}, {} of them without a record)",
                        schedule.schedule().id(),
                        schedule.schedule().name(),
                        lateFired,
                        skippedMisfires,
                        schedule.schedule().misfirePolicy().wireName(),
                        schedule.skippedUnrecorded());
            }
        }
    }

    private Counter fires(FireOutcome outcome) {
        return Counter.builder("foreman.scheduler.cron.fires")
                .description("Fire times of cron schedules, by what became of them")
                .tag("outcome", outcome.wireName())
                .register(meters);
    }

    @Override
    public String name() {
        return "cron-firer";
    }

    @Override
    public Duration interval() {
        return properties.cronInterval();
    }

    @Override
    public int runRound() {
        return fireDue();
    }
}
