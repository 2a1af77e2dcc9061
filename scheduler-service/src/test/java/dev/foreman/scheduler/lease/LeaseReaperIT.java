package dev.foreman.scheduler.lease;

import static dev.foreman.scheduler.TenantJobs.longAgo;
import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobAttempt;
import dev.foreman.common.job.JobState;
import dev.foreman.scheduler.TenantJobs;
import dev.foreman.scheduler.TestSchedulerProperties;
import dev.foreman.scheduler.leader.Leadership;
import dev.foreman.testkit.concurrency.Race;
import dev.foreman.testkit.jobs.Jobs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Reaping of expired leases against a real Postgres. */
class LeaseReaperIT {
    private static final Leadership LEADER = () -> true;

    private final Clock clock = Clock.systemUTC();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    // A new instance per test, so a fresh tenant per test.
    private final TenantJobs jobs = new TenantJobs("reaper-it");

    @Test
    void reapsLeaseThatExpiredWhileTargetHung() {
        ClaimedJob hung = jobs.insertClaimedAt(Jobs.aJob().withMaxAttempts(3), longAgo());

        reaper(LEADER, 500).reapExpired();

        Job job = jobs.reload(hung.job());
        jobs.assertQueuedWithOneOutboxRow(job);
        assertThat(job.leaseOwner()).isNull();
        assertThat(job.lastError()).contains(hung.job().leaseOwner()).contains("expired");
        assertThat(jobs.attempts(job)).singleElement().satisfies(attempt -> {
            assertThat(attempt.attempt()).isEqualTo(1);
            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.LEASE_EXPIRED);
            assertThat(attempt.worker()).isEqualTo(hung.job().leaseOwner());
            assertThat(attempt.startedAt()).isEqualTo(hung.job().startedAt());
        });
        assertThat(reapedCount(JobState.QUEUED)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void sendsAJobWhoseLastAttemptLeaseExpiredToTheDeadLetterQueue() {
        ClaimedJob lastTry = jobs.insertClaimedAt(Jobs.aJob().withMaxAttempts(1), longAgo());

        reaper(LEADER, 500).reapExpired();

        Job job = jobs.reload(lastTry.job());
        assertThatJob(job).isIn(JobState.DEAD);
        assertThat(job.finishedAt()).isNotNull();
        assertThat(jobs.outboxRows(job)).isZero();
        assertThat(jobs.attempts(job)).extracting(JobAttempt::outcome).containsExactly(AttemptOutcome.LEASE_EXPIRED);
        assertThat(reapedCount(JobState.DEAD)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void sendsAJobWhoseRetryWindowClosedWhileItsLeaseRanToTheDeadLetterQueue() {
        ClaimedJob tooLate = jobs.insertClaimedAt(
                Jobs.aJob().withMaxAttempts(5).withMaxRetryDuration(Duration.ofMinutes(1)), longAgo());
        ClaimedJob inTime = jobs.insertClaimedAt(
                Jobs.aJob().withMaxAttempts(5).withMaxRetryDuration(Duration.ofHours(1)), longAgo());

        reaper(LEADER, 500).reapExpired();

        Job dead = jobs.reload(tooLate.job());
        assertThatJob(dead).isIn(JobState.DEAD);
        assertThat(dead.finishedAt()).isNotNull();
        assertThat(jobs.outboxRows(dead)).isZero();
        jobs.assertQueuedWithOneOutboxRow(jobs.reload(inTime.job()));
    }

    @Test
    void leavesALiveLeaseAlone() {
        ClaimedJob running = jobs.insertClaimedAt(Jobs.aJob(), clock.instant());

        reaper(LEADER, 500).reapExpired();

        Job job = jobs.reload(running.job());
        assertThatJob(job).isIn(JobState.RUNNING);
        assertThat(job.leaseOwner()).isEqualTo(running.job().leaseOwner());
        assertThat(jobs.attempts(job)).isEmpty();
        assertThat(jobs.outboxRows(job)).isZero();
    }

    @Test
    void aWorkerThatReportsAfterItsLeaseWasReapedChangesNothing() {
        Job late = jobs.insertClaimedAt(Jobs.aJob(), longAgo()).job();
        reaper(LEADER, 500).reapExpired();

        boolean applied = jobs.finishAttempt(TenantJobs.succeeded(late, clock.instant()), clock.instant());

        assertThat(applied).isFalse();
        assertThatJob(jobs.reload(late)).isIn(JobState.QUEUED);
        assertThat(jobs.attempts(late)).extracting(JobAttempt::outcome).containsExactly(AttemptOutcome.LEASE_EXPIRED);
    }

    @Test
    void reapsNothingWhileItDoesNotLead() {
        ClaimedJob expired = jobs.insertClaimedAt(Jobs.aJob(), longAgo());

        int reaped = reaper(() -> false, 500).reapExpired();

        assertThat(reaped).isZero();
        assertThatJob(jobs.reload(expired.job())).isIn(JobState.RUNNING);
        assertThat(jobs.attempts(expired.job())).isEmpty();
    }

    @Test
    void twoReapersAtOnceReapAJobOnce() throws Exception {
        List<Job> expired = IntStream.range(0, 300)
                .mapToObj(i -> jobs.insertClaimedAt(Jobs.aJob(), longAgo()).job())
                .toList();

        Race.run(List.of(reaper(LEADER, 7)::reapExpired, reaper(LEADER, 7)::reapExpired));

        assertThat(expired).allSatisfy(job -> {
            jobs.assertQueuedWithOneOutboxRow(job);
            assertThat(jobs.attempts(job)).as("attempts of %s", job.id()).hasSize(1);
        });
    }

    private LeaseReaper reaper(Leadership leadership, int batchSize) {
        return new LeaseReaper(
                jobs.leaderBatches(leadership),
                jobs.repository(),
                TestSchedulerProperties.defaultsWith("reap-batch-size", String.valueOf(batchSize)),
                meters);
    }

    private double reapedCount(JobState state) {
        return meters.get("foreman.scheduler.reaped")
                .tag("state", state.wireName())
                .counter()
                .count();
    }
}
