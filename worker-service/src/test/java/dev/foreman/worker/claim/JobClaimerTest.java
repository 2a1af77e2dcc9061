package dev.foreman.worker.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.jobs.Jobs;
import java.time.Duration;
import java.time.Instant;
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
        return Jobs.stored(Jobs.aJob().dueAt(runAt).build(), JobState.QUEUED, 0, createdAt, null);
    }
}
