package dev.foreman.common.schedule;

import dev.foreman.common.job.JobTarget;
import dev.foreman.common.job.Priority;
import dev.foreman.common.job.RetryPolicy;
import dev.foreman.common.job.ValidatedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Everything a job of a schedule has before it is fired: a validated submission without id, run
 * time and idempotency key. Stored as JSON in {@code schedules.job_template}.
 */
public record JobTemplate(
        String queue,
        String type,
        Priority priority,
        JobTarget target,
        String payload,
        Duration timeout,
        RetryPolicy retry,
        String callbackUrl,
        Map<String, String> labels) {

    /** The template of a validated submission (its id, run time and idempotency key are dropped). */
    public static JobTemplate of(ValidatedJob job) {
        return new JobTemplate(
                job.queue(),
                job.type(),
                job.priority(),
                job.target(),
                job.payload(),
                job.timeout(),
                job.retry(),
                job.callbackUrl(),
                job.labels());
    }

    /** The job a fire creates: due at the fire time, marked with its schedule. */
    public ValidatedJob toJob(UUID id, Instant runAt, UUID scheduleId) {
        return new ValidatedJob(
                id,
                queue,
                type,
                priority,
                runAt,
                target,
                payload,
                timeout,
                retry,
                null,
                callbackUrl,
                labels,
                scheduleId);
    }
}
