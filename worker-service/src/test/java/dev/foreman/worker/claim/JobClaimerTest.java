package dev.foreman.worker.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.JobTarget;
import dev.foreman.common.job.Priority;
import dev.foreman.common.job.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobClaimerTest {
    private static final Instant SUBMITTED = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void anImmediateJobIsLateFromItsSubmission() {
        Job job = job(SUBMITTED, SUBMITTED.minusMillis(3));

        assertThat(JobClaimer.lateness(job, SUBMITTED.plusMillis(12))).isEqualTo(Duration.ofMillis(12));
    }

    @Test
    void aDelayedOrRetryingJobIsLateFromItsRunAt() {
        Instant runAt = SUBMITTED.plusSeconds(60);
        Job job = job(SUBMITTED, runAt);

        assertThat(JobClaimer.lateness(job, runAt.plusMillis(7))).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void aJobClaimedAheadOfItsRunAtIsNotLate() {
        Instant runAt = SUBMITTED.plusSeconds(60);
        Job job = job(SUBMITTED, runAt);

        assertThat(JobClaimer.lateness(job, runAt.minusMillis(400))).isEqualTo(Duration.ZERO);
    }

    private static Job job(Instant createdAt, Instant runAt) {
        return new Job(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "emails",
                "send_welcome",
                Priority.NORMAL,
                JobState.QUEUED,
                0,
                runAt,
                createdAt,
                createdAt,
                null,
                null,
                new JobTarget("http://127.0.0.1:9/hook", "POST", Map.of()),
                null,
                Duration.ofSeconds(30),
                new RetryPolicy(25, Duration.ofSeconds(1), Duration.ofHours(1), 16, null),
                null,
                null,
                null,
                null,
                Map.of(),
                null,
                null,
                null,
                0,
                null);
    }
}
