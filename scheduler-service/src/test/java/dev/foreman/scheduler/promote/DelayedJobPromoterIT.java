package dev.foreman.scheduler.promote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.outbox.OutboxRepository;
import dev.foreman.scheduler.SchedulerProperties;
import dev.foreman.scheduler.leader.Leadership;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.Jobs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Promotion of due jobs against a real Postgres. */
class DelayedJobPromoterIT {
    private static final Leadership LEADER = () -> true;

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final DataSource dataSource = infra.dataSource();
    private final JdbcClient jdbc = JdbcClient.create(dataSource);
    private final JobRepository jobs = new JobRepository(jdbc);
    private final Clock clock = Clock.systemUTC();
    private TestTenant tenant;

    @BeforeEach
    void newTenant() {
        tenant = infra.createTenant("promoter-it");
    }

    @Test
    void promotesAJobThatIsDueWithItsOutboxRowAndLeavesALaterOneScheduled() {
        Job due = insertScheduled(clock.instant().minusSeconds(1));
        Job later = insertScheduled(clock.instant().plus(Duration.ofHours(1)));

        promoter(LEADER, 500).promoteDue();

        assertThat(state(due)).isEqualTo(JobState.QUEUED);
        assertThat(outboxRows(due)).isEqualTo(1);
        assertThat(state(later)).isEqualTo(JobState.SCHEDULED);
        assertThat(outboxRows(later)).isZero();
    }

    @Test
    void promotesARetryingJobWhoseBackoffHasPassed() {
        Job job = insertRetryingDueAt(clock.instant().minusMillis(10));

        promoter(LEADER, 500).promoteDue();

        assertThat(state(job)).isEqualTo(JobState.QUEUED);
        assertThat(outboxRows(job)).isEqualTo(1);
    }

    @Test
    void drainsMoreDueJobsThanOneBatchInOneRound() {
        List<Job> due = IntStream.range(0, 25)
                .mapToObj(i -> insertScheduled(clock.instant().minusSeconds(1)))
                .toList();

        promoter(LEADER, 10).promoteDue();

        assertThat(due).allSatisfy(job -> assertThat(state(job)).isEqualTo(JobState.QUEUED));
    }

    @Test
    void doesNothingWhileItDoesNotLead() {
        Job due = insertScheduled(clock.instant().minusSeconds(1));

        int promoted = promoter(() -> false, 500).promoteDue();

        assertThat(promoted).isZero();
        assertThat(state(due)).isEqualTo(JobState.SCHEDULED);
        assertThat(outboxRows(due)).isZero();
    }

    @Test
    void twoPromotersAtOnceNeverPromoteAJobTwice() throws Exception {
        List<Job> due = IntStream.range(0, 300)
                .mapToObj(i -> insertScheduled(clock.instant().minusSeconds(1)))
                .toList();
        DelayedJobPromoter one = promoter(LEADER, 7);
        DelayedJobPromoter two = promoter(LEADER, 7);
        CountDownLatch go = new CountDownLatch(1);

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> promoteAfter(go, one));
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> promoteAfter(go, two));
        go.countDown();
        CompletableFuture.allOf(first, second).join();

        assertThat(due).allSatisfy(job -> {
            assertThat(state(job)).isEqualTo(JobState.QUEUED);
            assertThat(outboxRows(job)).as("outbox rows of %s", job.id()).isEqualTo(1);
        });
    }

    private static int promoteAfter(CountDownLatch go, DelayedJobPromoter promoter) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return promoter.promoteDue();
    }

    private DelayedJobPromoter promoter(Leadership leadership, int batchSize) {
        return new DelayedJobPromoter(
                leadership,
                jobs,
                new OutboxRepository(jdbc),
                new DataSourceTransactionManager(dataSource),
                clock,
                new SchedulerProperties(Duration.ofSeconds(10), Duration.ofMillis(100), batchSize),
                new SimpleMeterRegistry());
    }

    /** A job inserted an hour before {@code runAt}, so it starts scheduled. */
    private Job insertScheduled(Instant runAt) {
        Job job = jobs.insertAllSkippingKnownIdempotencyKeys(
                        tenant.id(), List.of(Jobs.aJob().dueAt(runAt).build()), runAt.minus(Duration.ofHours(1)))
                .getFirst();
        assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
        return job;
    }

    /** A job that ran once, failed, and waits for its retry at {@code runAt}. */
    private Job insertRetryingDueAt(Instant runAt) {
        Instant now = clock.instant();
        Job job = jobs.insertAllSkippingKnownIdempotencyKeys(
                        tenant.id(), List.of(Jobs.aJob().dueAt(now).build()), now)
                .getFirst();
        String worker = "worker-" + UUID.randomUUID();
        Job claimed = jobs.claimQueued(List.of(job.id()), worker, now, Duration.ofSeconds(30))
                .getFirst()
                .job();
        boolean finished = jobs.finishAttempt(
                new AttemptFinish(
                        job.id(),
                        claimed.attempt(),
                        worker,
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
        return job;
    }

    private JobState state(Job job) {
        return jobs.findByTenantAndId(tenant.id(), job.id()).orElseThrow().state();
    }

    private int outboxRows(Job job) {
        return jdbc.sql("""
                        SELECT count(*)
                        FROM outbox
                        WHERE job_id = :jobId
                        """)
                .params(Map.of("jobId", job.id()))
                .query(Integer.class)
                .single();
    }
}
