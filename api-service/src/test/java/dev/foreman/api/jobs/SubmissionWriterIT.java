package dev.foreman.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.foreman.api.RunningApi;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.Jobs;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

class SubmissionWriterIT extends RunningApi {
    @Autowired
    SubmissionWriter writer;

    @Autowired
    JobRepository jobs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Test
    void writesSeveralTenantsSubmissionsInOneTransactionEachToItsOwnTenant() {
        TestTenant first = newTenant();
        TestTenant second = newTenant();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ValidatedJob due = Jobs.aJob().dueAt(now).build();
        ValidatedJob later = Jobs.aJob().dueAt(now.plus(Duration.ofHours(1))).build();
        ValidatedJob theirs = Jobs.aJob().dueAt(now).build();

        // Inside an outer transaction that rolls back, so the running relay never sees the outbox rows.
        inRolledBackTransaction(() -> {
            List<List<StoredJob>> written = writer.writeAll(List.of(
                    new ValidatedSubmission(first.id(), List.of(due, later), now.minusMillis(2)),
                    new ValidatedSubmission(second.id(), List.of(theirs), now)));

            assertThat(written.get(0))
                    .extracting(
                            s -> s.job().id(),
                            s -> s.job().tenantId(),
                            s -> s.job().state(),
                            StoredJob::replayed)
                    .containsExactly(
                            tuple(due.id(), first.id(), JobState.QUEUED, false),
                            tuple(later.id(), first.id(), JobState.SCHEDULED, false));
            assertThat(written.get(1)).singleElement().satisfies(s -> {
                assertThat(s.job().id()).isEqualTo(theirs.id());
                assertThat(s.job().tenantId()).isEqualTo(second.id());
            });
            assertThat(written.get(0).getFirst().job().createdAt())
                    .as("a group is stamped with its latest submission's time")
                    .isEqualTo(now);
            assertThat(outboxRowsFor(due, later, theirs))
                    .containsExactlyInAnyOrder(due.id().toString(), theirs.id().toString());
            assertThat(jobs.findByTenantAndId(second.id(), due.id())).isEmpty();
        });
    }

    @Test
    void storesARepeatedKeyOnceAndReplaysItEvenWithinTheSameGroup() {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();
        Instant now = Instant.now();
        ValidatedJob original =
                Jobs.aJob().dueAt(now).withIdempotencyKey("order-7").build();
        ValidatedJob repeat =
                Jobs.aJob().dueAt(now).withIdempotencyKey("order-7").build();
        ValidatedJob sameKeyOtherTenant =
                Jobs.aJob().dueAt(now).withIdempotencyKey("order-7").build();

        inRolledBackTransaction(() -> {
            List<List<StoredJob>> written = writer.writeAll(List.of(
                    new ValidatedSubmission(tenant.id(), List.of(original), now),
                    new ValidatedSubmission(tenant.id(), List.of(repeat), now),
                    new ValidatedSubmission(other.id(), List.of(sameKeyOtherTenant), now)));

            assertThat(written.get(0).getFirst().replayed()).isFalse();
            assertThat(written.get(1).getFirst().replayed()).isTrue();
            assertThat(written.get(1).getFirst().job().id()).isEqualTo(original.id());
            assertThat(written.get(2).getFirst().replayed())
                    .as("keys are per tenant")
                    .isFalse();
            assertThat(written.get(2).getFirst().job().id()).isEqualTo(sameKeyOtherTenant.id());
            assertThat(outboxRowsFor(original, repeat, sameKeyOtherTenant))
                    .containsExactlyInAnyOrder(
                            original.id().toString(), sameKeyOtherTenant.id().toString());
        });
    }

    private void inRolledBackTransaction(Runnable test) {
        tx.executeWithoutResult(status -> {
            status.setRollbackOnly();
            test.run();
        });
    }

    private List<String> outboxRowsFor(ValidatedJob... submitted) {
        return jdbc.sql("SELECT job_id::text FROM outbox WHERE job_id = ANY(:ids::uuid[])")
                .param(
                        "ids",
                        Arrays.stream(submitted).map(j -> j.id().toString()).toArray(String[]::new))
                .query(String.class)
                .list();
    }
}
