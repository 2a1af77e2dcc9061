package dev.foreman.api.schedules;

import dev.foreman.common.id.UuidV7;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.schedule.FireOutcome;
import dev.foreman.common.schedule.Schedule;
import dev.foreman.common.schedule.ScheduleRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A person's "fire now" of a schedule: one job from its template, due at once, whatever the
 * schedule's pause and overlap policy say. In one transaction the fire is recorded in {@code
 * schedule_fires} as {@code triggered} and the job is inserted with its outbox row, so the job
 * reaches Kafka if and only if the fire is on record. The schedule's own next fire is left alone.
 */
@Component
class ScheduleTrigger {
    private final ScheduleRepository schedules;
    private final JobRepository jobs;
    private final TransactionTemplate tx;
    private final UuidV7 ids;
    private final Clock clock;
    private final Counter triggered;

    ScheduleTrigger(
            ScheduleRepository schedules,
            JobRepository jobs,
            TransactionTemplate tx,
            UuidV7 ids,
            Clock clock,
            MeterRegistry meters) {
        this.schedules = schedules;
        this.jobs = jobs;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
        this.triggered = Counter.builder("foreman.schedules.triggered")
                .description("Jobs created by a person's trigger of a schedule, outside its cron times")
                .register(meters);
    }

    /**
     * The job the trigger created, in the trace {@code traceparent} (the request's, or null); empty
     * when the tenant has no such schedule.
     */
    Optional<Job> trigger(UUID tenantId, UUID scheduleId, String traceparent) {
        // Postgres keeps microseconds: a fire time with more would not read back as recorded.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<Job> job;
        try {
            job = tx.execute(status -> schedules
                    .findByTenantAndId(tenantId, scheduleId)
                    .map(schedule -> fire(schedule, now, traceparent)));
        } catch (DataIntegrityViolationException e) {
            if (schedules.findByTenantAndId(tenantId, scheduleId).isPresent()) {
                throw e;
            }
            // The schedule was deleted between the read and the fire record that references it.
            return Optional.empty();
        }
        job.ifPresent(created -> triggered.increment());
        return job;
    }

    private Job fire(Schedule schedule, Instant now, String traceparent) {
        UUID jobId = ids.next();
        Instant fireAt = now;
        while (!schedules.recordFire(schedule.id(), fireAt, jobId, FireOutcome.TRIGGERED, now)) {
            // Another fire holds this very microsecond (a cron fire or a concurrent trigger). A
            // trigger is an extra fire a person asked for, so it takes the next free instant
            // rather than being lost.
            fireAt = fireAt.plus(1, ChronoUnit.MICROS);
        }
        return jobs.insertAllSkippingKnownIdempotencyKeys(
                        schedule.tenantId(),
                        List.of(schedule.jobTemplate().toJob(jobId, now, schedule.id())),
                        now,
                        traceparent)
                .getFirst();
    }
}
