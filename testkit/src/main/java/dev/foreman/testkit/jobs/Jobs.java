package dev.foreman.testkit.jobs;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.ValidatedJob;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Entry point of the job fixtures. */
public final class Jobs {
    private Jobs() {}

    /**
     * A job due when it is built, by the system clock. See {@link JobBuilder} for the defaults.
     * Insert it with a {@code now} taken after {@code build()} for it to start queued; a test that
     * takes its {@code now} first should use {@link #aJob(Clock)} with a clock fixed at that now.
     */
    public static JobBuilder aJob() {
        return new JobBuilder(Clock.systemUTC());
    }

    /** A job due at {@code clock}'s now, and with an id from it: for tests that move time themselves. */
    public static JobBuilder aJob(Clock clock) {
        return new JobBuilder(clock);
    }

    /**
     * {@code job} as a row of {@code jobs} would read back, for tests of code that takes a
     * {@link Job} without a database: in {@code state} after {@code attempt} attempts, created (and
     * last updated) at {@code createdAt}, started then too if it had an attempt, for a new tenant,
     * with no result and no trace context. A {@code leaseOwner} holds the job for a minute after {@code createdAt}.
     */
    public static Job stored(ValidatedJob job, JobState state, int attempt, Instant createdAt, String leaseOwner) {
        return new Job(
                job.id(),
                UUID.randomUUID(),
                job.queue(),
                job.type(),
                job.priority(),
                state,
                attempt,
                job.runAt(),
                createdAt,
                createdAt,
                attempt > 0 ? createdAt : null,
                null,
                job.target(),
                job.payload(),
                job.timeout(),
                job.retry(),
                null,
                null,
                job.idempotencyKey(),
                job.callbackUrl(),
                job.labels(),
                job.scheduleId(),
                leaseOwner,
                leaseOwner == null ? null : createdAt.plusSeconds(60),
                0,
                null,
                null);
    }
}
