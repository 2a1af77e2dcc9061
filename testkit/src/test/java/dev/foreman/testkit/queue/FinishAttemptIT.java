package dev.foreman.testkit.queue;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
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

        boolean finished = fixture.jobs.finishAttempt(success(running, "worker-a", running.attempt()), finishedAt);

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

        boolean finished = fixture.jobs.finishAttempt(success(running, "worker-b", running.attempt()), now);

        assertThat(finished).isFalse();
        assertUnchanged(running);
    }

    @Test
    void aStaleAttemptCannotFinishOnceTheJobWasClaimedAgain() {
        Job firstRun = claimed(fixture.insert(fixture.aJob().build(), now), "worker-a");
        // The lease was reaped and the same worker claimed the job again: only attempt 2 may finish.
        fixture.forceState(firstRun.id(), JobState.QUEUED);
        Job secondRun = claimed(fixture.find(firstRun.id()), "worker-a");

        boolean finished = fixture.jobs.finishAttempt(success(secondRun, "worker-a", 1), now);

        assertThat(finished).isFalse();
        assertUnchanged(secondRun);
    }

    @Test
    void aSecondReportOfTheSameAttemptChangesNothing() {
        Job running = claimed(fixture.insert(fixture.aJob().build(), now), "worker-a");
        assertThat(fixture.jobs.finishAttempt(success(running, "worker-a", 1), now))
                .isTrue();
        Job afterFirst = fixture.find(running.id());

        boolean again = fixture.jobs.finishAttempt(
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

        boolean finished = fixture.jobs.finishAttempt(
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
