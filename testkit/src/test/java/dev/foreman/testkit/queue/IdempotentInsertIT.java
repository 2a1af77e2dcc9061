package dev.foreman.testkit.queue;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.testkit.concurrency.Race;
import dev.foreman.testkit.infra.TestTenant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdempotentInsertIT {
    private final QueueFixture fixture = new QueueFixture("idempotency");
    private final Instant now = fixture.now;

    @Test
    void eightConcurrentInsertsOfOneIdempotencyKeyCreateExactlyOneJob() throws Exception {
        List<ValidatedJob> attempts = IntStream.range(0, 8)
                .mapToObj(i -> fixture.aJob().withIdempotencyKey("welcome-42").build())
                .toList();
        List<Callable<List<Job>>> inserters = attempts.stream()
                .<Callable<List<Job>>>map(job -> () -> fixture.insert(List.of(job), now))
                .toList();

        List<List<Job>> inserted = Race.run(inserters);

        List<Job> winners = inserted.stream().flatMap(List::stream).toList();
        assertThat(winners).hasSize(1);
        assertThat(inserted).filteredOn(List::isEmpty).hasSize(7);
        assertThat(fixture.jobs.findByIdempotencyKeys(fixture.tenant.id(), List.of("welcome-42")))
                .singleElement()
                .satisfies(job -> {
                    assertThat(job.id()).isEqualTo(winners.getFirst().id());
                    assertThatJob(job).isIn(JobState.QUEUED);
                });
    }

    @Test
    void insertingJobsLeavesTheTenantRowUnlocked() {
        // V14: a foreign key to tenants made every inserted job lock its tenant's row (KEY SHARE), so
        // every concurrent submission of a tenant locked the same row; here a FOR UPDATE would wait.
        fixture.transactions.executeWithoutResult(status -> {
            fixture.insert(List.of(fixture.aJob().build()), now);

            try (Connection other = fixture.infra.dataSource().getConnection()) {
                other.setAutoCommit(false);
                try (PreparedStatement lock =
                        other.prepareStatement("SELECT id FROM tenants WHERE id = ? FOR UPDATE NOWAIT")) {
                    lock.setObject(1, fixture.tenant.id());
                    assertThat(lock.executeQuery().next()).isTrue();
                }
                other.rollback();
            } catch (SQLException e) {
                throw new AssertionError("the tenant row is locked while a job insert is in flight", e);
            }
            status.setRollbackOnly();
        });
    }

    @Test
    void aBatchSkipsOnlyTheJobsWhoseKeysAreKnown() {
        Job original = fixture.insert(fixture.aJob().withIdempotencyKey("k-1").build(), now);
        ValidatedJob repeat = fixture.aJob().withIdempotencyKey("k-1").build();
        ValidatedJob fresh = fixture.aJob().withIdempotencyKey("k-2").build();
        ValidatedJob keyless = fixture.aJob().build();

        List<Job> inserted = fixture.insert(List.of(repeat, fresh, keyless), now);

        assertThat(inserted).extracting(Job::id).containsExactlyInAnyOrder(fresh.id(), keyless.id());
        assertThat(fixture.jobs.findByIdempotencyKeys(fixture.tenant.id(), List.of("k-1", "k-2")))
                .extracting(Job::id)
                .containsExactlyInAnyOrder(original.id(), fresh.id());
    }

    @Test
    void jobsWithoutAnIdempotencyKeyAreNeverSkipped() {
        List<Job> inserted =
                fixture.insert(List.of(fixture.aJob().build(), fixture.aJob().build()), now);

        assertThat(inserted).hasSize(2);
    }

    @Test
    void idempotencyKeysAreScopedToTheirTenant() {
        TestTenant other = fixture.infra.createTenant("idempotency-other");
        ValidatedJob mine = fixture.aJob().withIdempotencyKey("shared-key").build();
        ValidatedJob theirs = fixture.aJob().withIdempotencyKey("shared-key").build();

        fixture.insert(mine, now);
        List<Job> theirInsert = fixture.jobs.insertAllSkippingKnownIdempotencyKeys(other.id(), List.of(theirs), now);

        assertThat(theirInsert).extracting(Job::id).containsExactly(theirs.id());
        assertThat(fixture.jobs.findByIdempotencyKeys(fixture.tenant.id(), List.of("shared-key")))
                .extracting(Job::id)
                .containsExactly(mine.id());
    }

    @Test
    void aJobDueLaterIsInsertedScheduled() {
        Job later = fixture.insert(
                fixture.aJob().dueAt(now.plus(Duration.ofMinutes(5))).build(), now);
        Job dueNow = fixture.insert(fixture.aJob().dueAt(now).build(), now);

        assertThatJob(later).isIn(JobState.SCHEDULED);
        assertThatJob(dueNow).isIn(JobState.QUEUED);
    }
}
