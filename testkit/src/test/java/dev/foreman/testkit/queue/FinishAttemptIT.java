package dev.foreman.testkit.queue;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobAttempt;
import dev.foreman.common.job.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinishAttemptIT {
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

    private final QueueFixture fixture = new QueueFixture("finishes");
    private final Instant now = fixture.now;

    @Test
    void theLeaseOwnerFinishesTheAttemptAndRecordsIt() {
        Job running = claimed(fixture.insert(fixture.aJob().build(), now), "worker-a");
        Instant finishedAt = now.plusMillis(250);

        boolean finished = fixture.stored.finishAttempt(success(running, "worker-a", running.attempt()), finishedAt);

        assertThat(finished).isTrue();
        Job stored = fixture.find(running.id());
        assertThatJob(stored).isIn(JobState.SUCCEEDED).hasNoLease().hasResultStatus(200);
        assertThat(stored.finishedAt()).isEqualTo(finishedAt);
        assertThat(stored.result().body()).isEqualTo("{\"ok\":true}");
        assertThat(fixture.attempts.findByTenantAndJob(fixture.tenant.id(), running.id()))
                .singleElement()
                .satisfies(attempt -> {
                    assertThat(attempt.attempt()).isEqualTo(1);
                    assertThat(attempt.worker()).isEqualTo("worker-a");
                    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.SUCCEEDED);
                    assertThat(attempt.httpStatus()).isEqualTo(200);
                    assertThat(attempt.startedAt()).isEqualTo(now);
                    assertThat(attempt.finishedAt()).isEqualTo(finishedAt);
                    assertThat(attempt.durationMs()).isEqualTo(250);
                });
    }

    @Test
    void anotherWorkerCannotFinishTheAttempt() {
        Job running = claimed(fixture.insert(fixture.aJob().build(), now), "worker-a");

        boolean finished = fixture.stored.finishAttempt(success(running, "worker-b", running.attempt()), now);

        assertThat(finished).isFalse();
        assertUnchanged(running);
    }

    @Test
    void aStaleAttemptCannotFinishOnceTheJobWasClaimedAgain() {
        Job firstRun = claimed(fixture.insert(fixture.aJob().build(), now), "worker-a");
        // The lease was reaped and the same worker claimed the job again: only attempt 2 may finish.
        fixture.forceState(firstRun.id(), JobState.QUEUED);
        Job secondRun = claimed(fixture.find(firstRun.id()), "worker-a");

        boolean finished = fixture.stored.finishAttempt(success(secondRun, "worker-a", 1), now);

        assertThat(finished).isFalse();
        assertUnchanged(secondRun);
    }

    @Test
    void aSecondReportOfTheSameAttemptChangesNothing() {
        Job running = claimed(fixture.insert(fixture.aJob().build(), now), "worker-a");
        assertThat(fixture.stored.finishAttempt(success(running, "worker-a", 1), now))
                .isTrue();
        Job afterFirst = fixture.find(running.id());

        boolean again = fixture.stored.finishAttempt(
                new AttemptFinish(
                        running.id(),
                        1,
                        "worker-a",
                        JobState.DEAD,
                        null,
                        AttemptOutcome.FAILED,
                        500,
                        "boom",
                        "late",
                        now,
                        10),
                now.plusSeconds(1));

        assertThat(again).isFalse();
        assertThat(fixture.find(running.id())).isEqualTo(afterFirst);
        assertThat(fixture.attempts.findByTenantAndJob(fixture.tenant.id(), running.id()))
                .hasSize(1);
    }

    @Test
    void aRetryingFinishSetsWhenTheJobIsDueAgain() {
        Job running = claimed(fixture.insert(fixture.aJob().build(), now), "worker-a");
        Instant retryAt = now.plusSeconds(30);

        boolean finished = fixture.stored.finishAttempt(
                new AttemptFinish(
                        running.id(),
                        1,
                        "worker-a",
                        JobState.RETRYING,
                        retryAt,
                        AttemptOutcome.FAILED,
                        503,
                        "unavailable",
                        "HTTP 503",
                        now,
                        40),
                now);

        assertThat(finished).isTrue();
        Job stored = fixture.find(running.id());
        assertThatJob(stored).isIn(JobState.RETRYING).isDueAt(retryAt).hasNoLease();
        assertThat(stored.finishedAt()).isNull();
        assertThat(stored.lastError()).isEqualTo("HTTP 503");
        assertThat(fixture.attempts.findByTenantAndJob(fixture.tenant.id(), running.id()))
                .extracting(JobAttempt::outcome, JobAttempt::httpStatus, JobAttempt::error)
                .containsExactly(tuple(AttemptOutcome.FAILED, 503, "HTTP 503"));
    }

    @Test
    void oneBatchFinishesEveryAttemptItCarriesEachWithItsOwnOutcome() {
        List<Job> running = fixture
                .jobs
                .claimQueued(
                        fixture
                                .insert(
                                        List.of(
                                                fixture.aJob().build(),
                                                fixture.aJob().build(),
                                                fixture.aJob().build()),
                                        now)
                                .stream()
                                .map(Job::id)
                                .toList(),
                        "worker-a",
                        now,
                        LEASE_MARGIN)
                .stream()
                .map(ClaimedJob::job)
                .toList();
        Instant retryAt = now.plusSeconds(30);
        Instant finishedAt = now.plusMillis(250);
        AttemptFinish succeeded = success(running.get(0), "worker-a", 1);
        AttemptFinish retrying = failure(running.get(1), JobState.RETRYING, retryAt, 503, "HTTP 503");
        AttemptFinish dead = failure(running.get(2), JobState.DEAD, null, 404, "HTTP 404, which is not retryable");

        List<AttemptFinish> applied = fixture.jobs.finishAttempts(List.of(succeeded, retrying, dead), finishedAt);

        assertThat(applied).containsExactly(succeeded, retrying, dead);
        assertThatJob(fixture.find(succeeded.jobId()))
                .isIn(JobState.SUCCEEDED)
                .hasNoLease()
                .hasResultStatus(200);
        assertThatJob(fixture.find(retrying.jobId()))
                .isIn(JobState.RETRYING)
                .isDueAt(retryAt)
                .hasNoLease();
        assertThatJob(fixture.find(dead.jobId()))
                .isIn(JobState.DEAD)
                .hasNoLease()
                .hasResultStatus(404);
        assertThat(fixture.find(dead.jobId()).finishedAt()).isEqualTo(finishedAt);
        assertThat(fixture.find(retrying.jobId()).finishedAt()).isNull();
        for (AttemptFinish finish : applied) {
            assertThat(fixture.attempts.findByTenantAndJob(fixture.tenant.id(), finish.jobId()))
                    .singleElement()
                    .satisfies(attempt -> {
                        assertThat(attempt.outcome()).isEqualTo(finish.outcome());
                        assertThat(attempt.httpStatus()).isEqualTo(finish.httpStatus());
                        assertThat(attempt.error()).isEqualTo(finish.error());
                        assertThat(attempt.worker()).isEqualTo("worker-a");
                        assertThat(attempt.finishedAt()).isEqualTo(finishedAt);
                    });
        }
    }

    @Test
    void aBatchSkipsTheFinishesWhoseLeaseWasLostAndAppliesTheRest() {
        Job kept = claimed(fixture.insert(fixture.aJob().build(), now), "worker-a");
        Job cancelled = claimed(fixture.insert(fixture.aJob().build(), now), "worker-a");
        Job takenOver = claimed(fixture.insert(fixture.aJob().build(), now), "worker-a");
        Job reclaimed = claimed(fixture.insert(fixture.aJob().build(), now), "worker-a");
        fixture.forceState(cancelled.id(), JobState.CANCELLED);
        // Reaped and claimed by another worker; then reaped and claimed by this one again, as attempt 3.
        fixture.forceState(takenOver.id(), JobState.QUEUED);
        Job takenOverNow = claimed(fixture.find(takenOver.id()), "worker-b");
        fixture.forceState(reclaimed.id(), JobState.QUEUED);
        Job reclaimedNow = claimed(fixture.find(reclaimed.id()), "worker-a");
        Job cancelledNow = fixture.find(cancelled.id());

        List<AttemptFinish> applied = fixture.jobs.finishAttempts(
                List.of(
                        success(kept, "worker-a", 1),
                        success(cancelled, "worker-a", 1),
                        success(takenOver, "worker-a", 1),
                        success(reclaimed, "worker-a", 1)),
                now);

        assertThat(applied).extracting(AttemptFinish::jobId).containsExactly(kept.id());
        assertThatJob(fixture.find(kept.id())).isIn(JobState.SUCCEEDED);
        assertThat(fixture.find(cancelled.id())).isEqualTo(cancelledNow);
        assertUnchanged(takenOverNow);
        assertUnchanged(reclaimedNow);
    }

    @Test
    void aBatchCarryingTheSameAttemptTwiceAppliesItOnce() {
        Job running = claimed(fixture.insert(fixture.aJob().build(), now), "worker-a");
        AttemptFinish first = success(running, "worker-a", 1);
        AttemptFinish late = failure(running, JobState.DEAD, null, 500, "late");

        List<AttemptFinish> applied = fixture.jobs.finishAttempts(List.of(first, late), now);

        assertThat(applied).hasSize(1);
        assertThat(fixture.attempts.findByTenantAndJob(fixture.tenant.id(), running.id()))
                .hasSize(1);
    }

    @Test
    void anEmptyBatchChangesNothing() {
        assertThat(fixture.jobs.finishAttempts(List.of(), now)).isEmpty();
    }

    private static AttemptFinish failure(Job job, JobState next, Instant nextRunAt, int status, String error) {
        return new AttemptFinish(
                job.id(),
                job.attempt(),
                job.leaseOwner(),
                next,
                nextRunAt,
                AttemptOutcome.FAILED,
                status,
                "nope",
                error,
                job.startedAt(),
                40);
    }

    private Job claimed(Job job, String owner) {
        return fixture.jobs
                .claimQueued(List.of(job.id()), owner, now, LEASE_MARGIN)
                .getFirst()
                .job();
    }

    private static AttemptFinish success(Job job, String owner, int attempt) {
        return new AttemptFinish(
                job.id(),
                attempt,
                owner,
                JobState.SUCCEEDED,
                null,
                AttemptOutcome.SUCCEEDED,
                200,
                "{\"ok\":true}",
                null,
                job.startedAt(),
                250);
    }

    private void assertUnchanged(Job running) {
        assertThat(fixture.find(running.id())).isEqualTo(running);
        assertThat(fixture.attempts.findByTenantAndJob(fixture.tenant.id(), running.id()))
                .isEmpty();
    }
}
