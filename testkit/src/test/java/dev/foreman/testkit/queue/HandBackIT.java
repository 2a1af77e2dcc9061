package dev.foreman.testkit.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobAttempt;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.ReapedJob;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attempt budget around a stopping worker's hand-back and a claim in doubt: neither charges the
 * job an attempt, and neither gives it one more than {@code max_attempts} that ran to an end.
 */
class HandBackIT {
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    private static final String WORKER = "worker-stopping";

    private final QueueFixture fixture = new QueueFixture("hand-back");

    @Test
    void aHandedBackAttemptIsRecordedButNotChargedToTheBudget() {
        Job job = fixture.insert(fixture.aJob().withMaxAttempts(1).build(), fixture.now);
        claim(job);

        List<DueJob> handed = fixture.jobs.handBack(List.of(job.id()), WORKER, "worker stopped", fixture.now);

        assertThat(handed).extracting(DueJob::id).containsExactly(job.id());
        Job queued = fixture.find(job.id());
        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        assertThat(queued.attempt())
                .as("the handed-back request keeps its number")
                .isEqualTo(1);
        assertThat(queued.attemptsInBudget()).as("and costs no attempt").isZero();
        assertThat(fixture.attempts.findByTenantAndJob(fixture.tenant.id(), job.id()))
                .singleElement()
                .extracting(JobAttempt::outcome)
                .isEqualTo(AttemptOutcome.FAILED);
        assertThat(fixture.outboxJobIds(List.of(job.id())))
                .as("the submission's outbox row, and the new one")
                .containsExactly(job.id(), job.id());
    }

    @Test
    void aJobHandedBackOnItsLastAttemptGetsThatAttemptAgainAndNoMore() {
        Job job = fixture.insert(fixture.aJob().withMaxAttempts(1).build(), fixture.now);
        claim(job);
        fixture.jobs.handBack(List.of(job.id()), WORKER, "worker stopped", fixture.now);

        Job again = claim(job);
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.attemptsInBudget()).isEqualTo(1);

        // Its one charged attempt dies with its worker: the budget is spent, the job is dead.
        List<ReapedJob> reaped = fixture.jobs.reapExpiredLeases(fixture.now.plus(LEASE_MARGIN.multipliedBy(2)), 1000);
        assertThat(reaped)
                .filteredOn(r -> r.id().equals(job.id()))
                .singleElement()
                .extracting(ReapedJob::state)
                .isEqualTo(JobState.DEAD);
    }

    @Test
    void releasingAClaimInDoubtQueuesTheJobAgainWithItsAttemptNumberGivenBack() {
        Job job = fixture.insert(fixture.aJob().build(), fixture.now);
        claim(job);

        List<DueJob> released = fixture.jobs.releaseClaims(List.of(job.id()), WORKER, fixture.now);

        assertThat(released).extracting(DueJob::id).containsExactly(job.id());
        Job queued = fixture.find(job.id());
        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        assertThat(queued.attempt()).isZero();
        assertThat(queued.leaseOwner()).isNull();
        assertThat(fixture.attempts.findByTenantAndJob(fixture.tenant.id(), job.id()))
                .isEmpty();
        assertThat(fixture.outboxJobIds(List.of(job.id())))
                .as("the submission's outbox row, and the new one")
                .containsExactly(job.id(), job.id());
        assertThat(claim(job).attempt()).isOne();
    }

    @Test
    void releasingAClaimLeavesJobsTheWorkerDoesNotHoldAlone() {
        Job someoneElses = fixture.insert(fixture.aJob().build(), fixture.now);
        fixture.jobs.claimQueued(List.of(someoneElses.id()), "worker-other", fixture.now, LEASE_MARGIN);
        Job notClaimed = fixture.insert(fixture.aJob().build(), fixture.now);

        assertThat(fixture.jobs.releaseClaims(List.of(someoneElses.id(), notClaimed.id()), WORKER, fixture.now))
                .isEmpty();
        assertThat(fixture.find(someoneElses.id()).state()).isEqualTo(JobState.RUNNING);
        assertThat(fixture.find(someoneElses.id()).attempt()).isOne();
        assertThat(fixture.find(notClaimed.id()).attempt()).isZero();
    }

    private Job claim(Job job) {
        return fixture.jobs
                .claimQueued(List.of(job.id()), WORKER, fixture.now, LEASE_MARGIN)
                .getFirst()
                .job();
    }
}
