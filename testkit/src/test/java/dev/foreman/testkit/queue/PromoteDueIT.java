package dev.foreman.testkit.queue;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.Priority;
import dev.foreman.testkit.concurrency.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PromoteDueIT {
    // promoteDue is not tenant-scoped: other tests' due jobs may come along, so ask for plenty.
    private static final int PLENTY = 100_000;

    private final QueueFixture fixture = new QueueFixture("promotions");
    private final Instant insertedAt = fixture.now;
    private final Instant promotedAt = insertedAt.plus(Duration.ofMinutes(2));

    @Test
    void promotesDueScheduledJobsWithTheirOutboxRowsAndLeavesLaterOnesScheduled() {
        Job due = fixture.insert(
                fixture.aJob()
                        .dueAt(insertedAt.plus(Duration.ofMinutes(1)))
                        .withPriority(Priority.HIGH)
                        .inQueue("emails")
                        .build(),
                insertedAt);
        Job notYetDue = fixture.insert(
                fixture.aJob().dueAt(insertedAt.plus(Duration.ofHours(1))).build(), insertedAt);
        assertThatJob(due).isIn(JobState.SCHEDULED);

        List<DueJob> promoted = promoteInOneTransaction(promotedAt);

        assertThat(promoted).contains(new DueJob(due.id(), fixture.tenant.id(), "emails", Priority.HIGH));
        assertThat(promoted).extracting(DueJob::id).doesNotContain(notYetDue.id());
        Job stored = fixture.find(due.id());
        assertThatJob(stored).isIn(JobState.QUEUED);
        assertThat(stored.updatedAt()).isEqualTo(promotedAt);
        assertThatJob(fixture.find(notYetDue.id())).isIn(JobState.SCHEDULED);
        assertThat(fixture.outboxJobIds(List.of(due.id(), notYetDue.id()))).containsExactly(due.id());
    }

    @Test
    void promotesARetryingJobOnceItsBackOffHasPassed() {
        Job job = fixture.insert(fixture.aJob().build(), insertedAt);
        fixture.jobs.claimQueued(List.of(job.id()), "worker-a", insertedAt, Duration.ofSeconds(5));
        fixture.stored.finishAttempt(
                new AttemptFinish(
                        job.id(),
                        1,
                        "worker-a",
                        JobState.RETRYING,
                        insertedAt.plus(Duration.ofMinutes(1)),
                        AttemptOutcome.FAILED,
                        503,
                        null,
                        "HTTP 503",
                        insertedAt,
                        5),
                insertedAt);

        assertThat(promoteInOneTransaction(insertedAt.plusSeconds(30)))
                .extracting(DueJob::id)
                .doesNotContain(job.id());
        assertThat(promoteInOneTransaction(promotedAt)).extracting(DueJob::id).contains(job.id());
        assertThatJob(fixture.find(job.id())).isIn(JobState.QUEUED);
    }

    @Test
    void aRolledBackPromotionLeavesTheJobScheduledWithoutAnOutboxRow() {
        Job due = fixture.insert(
                fixture.aJob().dueAt(insertedAt.plus(Duration.ofMinutes(1))).build(), insertedAt);

        assertThatThrownBy(() -> fixture.transactions.executeWithoutResult(tx -> {
                    fixture.stored.promoteDue(promotedAt, PLENTY);
                    throw new IllegalStateException("the promoter crashed before commit");
                }))
                .hasMessage("the promoter crashed before commit");

        assertThatJob(fixture.find(due.id())).isIn(JobState.SCHEDULED);
        assertThat(fixture.outboxJobIds(List.of(due.id()))).isEmpty();
    }

    @Test
    void twoConcurrentPromotersNeverPromoteAJobTwice() throws Exception {
        List<UUID> ids = fixture
                .insert(
                        IntStream.range(0, 400)
                                .mapToObj(i -> fixture.aJob()
                                        .dueAt(insertedAt.plusSeconds(1))
                                        .build())
                                .toList(),
                        insertedAt)
                .stream()
                .map(Job::id)
                .toList();

        List<List<UUID>> promoted = Race.run(List.of(promoter(), promoter()));

        List<UUID> mine = new ArrayList<>();
        promoted.forEach(batch -> batch.stream().filter(ids::contains).forEach(mine::add));
        assertThat(mine).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        // One promoter may take every job: doesNotContainAnyElementsOf refuses an empty list to compare.
        assertThat(promoted.get(0))
                .as("jobs both promoters took")
                .filteredOn(promoted.get(1)::contains)
                .isEmpty();
        assertThat(fixture.outboxJobIds(ids)).doesNotHaveDuplicates().hasSameSizeAs(ids);
    }

    /** Promotes small batches, each in its own transaction, until nothing unlocked is due. */
    private Callable<List<UUID>> promoter() {
        return () -> {
            List<UUID> promoted = new ArrayList<>();
            List<DueJob> batch;
            do {
                batch = fixture.stored.promoteDue(promotedAt, 25);
                batch.forEach(job -> promoted.add(job.id()));
            } while (!batch.isEmpty());
            return promoted;
        };
    }

    private List<DueJob> promoteInOneTransaction(Instant now) {
        return fixture.stored.promoteDue(now, PLENTY);
    }
}
