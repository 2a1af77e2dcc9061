package dev.foreman.scheduler.promote;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.scheduler.TenantJobs;
import dev.foreman.scheduler.TestSchedulerProperties;
import dev.foreman.scheduler.leader.Leadership;
import dev.foreman.testkit.concurrency.Race;
import dev.foreman.testkit.jobs.Jobs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Promotion of due jobs against a real Postgres. */
class DelayedJobPromoterIT {
    private static final Leadership LEADER = () -> true;

    private final Clock clock = Clock.systemUTC();
    // A new instance per test, so a fresh tenant per test.
    private final TenantJobs jobs = new TenantJobs("promoter-it");

    @Test
    void promotesAJobThatIsDueWithItsOutboxRowAndLeavesALaterOneScheduled() {
        Job due = insertScheduled(clock.instant().minusSeconds(1));
        Job later = insertScheduled(clock.instant().plus(Duration.ofHours(1)));

        promoter(LEADER, 500).promoteDue();

        jobs.assertQueuedWithOneOutboxRow(due);
        assertThatJob(jobs.reload(later)).isIn(JobState.SCHEDULED);
        assertThat(jobs.outboxRows(later)).isZero();
    }

    @Test
    void promotesARetryingJobWhoseBackoffHasPassed() {
        Job job = insertRetryingDueAt(clock.instant().minusMillis(10));

        promoter(LEADER, 500).promoteDue();

        jobs.assertQueuedWithOneOutboxRow(job);
    }

    @Test
    void drainsMoreDueJobsThanOneBatchInOneRound() {
        List<Job> due = IntStream.range(0, 25)
                .mapToObj(i -> insertScheduled(clock.instant().minusSeconds(1)))
                .toList();

        promoter(LEADER, 10).promoteDue();

        assertThat(due).allSatisfy(job -> assertThatJob(jobs.reload(job)).isIn(JobState.QUEUED));
    }

    @Test
    void doesNothingWhileItDoesNotLead() {
        Job due = insertScheduled(clock.instant().minusSeconds(1));

        int promoted = promoter(() -> false, 500).promoteDue();

        assertThat(promoted).isZero();
        assertThatJob(jobs.reload(due)).isIn(JobState.SCHEDULED);
        assertThat(jobs.outboxRows(due)).isZero();
    }

    @Test
    void twoPromotersAtOnceNeverPromoteAJobTwice() throws Exception {
        List<Job> due = IntStream.range(0, 300)
                .mapToObj(i -> insertScheduled(clock.instant().minusSeconds(1)))
                .toList();

        Race.run(List.of(promoter(LEADER, 7)::promoteDue, promoter(LEADER, 7)::promoteDue));

        assertThat(due).allSatisfy(jobs::assertQueuedWithOneOutboxRow);
    }

    private DelayedJobPromoter promoter(Leadership leadership, int batchSize) {
        return new DelayedJobPromoter(
                jobs.leaderBatches(leadership),
                jobs.repository(),
                TestSchedulerProperties.defaultsWith("promote-batch-size", String.valueOf(batchSize)),
                new SimpleMeterRegistry());
    }

    /** A job inserted an hour before {@code runAt}, so it starts scheduled. */
    private Job insertScheduled(Instant runAt) {
        Job job = jobs.insert(Jobs.aJob().dueAt(runAt), runAt.minus(Duration.ofHours(1)));
        assertThatJob(job).isIn(JobState.SCHEDULED);
        return job;
    }

    /** A job that ran once, failed, and waits for its retry at {@code runAt}. */
    private Job insertRetryingDueAt(Instant runAt) {
        Instant now = clock.instant();
        Job claimed = jobs.insertClaimedAt(Jobs.aJob(), now).job();
        boolean finished = jobs.finishAttempt(
                new AttemptFinish(
                        claimed.id(),
                        claimed.attempt(),
                        claimed.leaseOwner(),
                        JobState.RETRYING,
                        runAt,
                        AttemptOutcome.FAILED,
                        503,
                        null,
                        "HTTP 503",
                        now,
                        5),
                now);
        assertThat(finished).isTrue();
        return claimed;
    }
}
