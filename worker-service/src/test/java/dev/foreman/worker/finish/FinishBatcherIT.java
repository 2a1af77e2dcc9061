package dev.foreman.worker.finish;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.Jobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Group commit of finishes on the real database: many attempts, one statement, each fenced on its lease. */
class FinishBatcherIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String OWNER = "worker-batch-it";

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.MICROS);
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final JobRepository jobs;
    private final TestTenant tenant;
    private FinishBatcher batcher;

    FinishBatcherIT() {
        infra.migrate();
        jobs = new JobRepository(JdbcClient.create(infra.dataSource()));
        tenant = infra.createTenant("finish-batcher-it");
    }

    @AfterEach
    void stopBatcher() {
        if (batcher != null) {
            batcher.stop();
        }
    }

    private static FinishBatcher started(FinishBatcher batcher) {
        batcher.start();
        return batcher;
    }

    @Test
    void finishesEverythingHandedInDuringAWriteWithTheNextStatement() throws Exception {
        HeldRepository held = new HeldRepository(jobs);
        batcher = started(new FinishBatcher(held, clock, 256, batchSizes::add));
        List<Job> running = claimedJobs(21);

        CompletableFuture<Boolean> first = batcher.submit(success(running.getFirst()));
        assertThat(held.writing.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Boolean>> rest = new ArrayList<>();
        for (Job job : running.subList(1, running.size())) {
            rest.add(batcher.submit(success(job)));
        }
        held.release.countDown();

        assertThat(first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        for (CompletableFuture<Boolean> finish : rest) {
            assertThat(finish.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        assertThat(batchSizes).containsExactly(1, 20);
        for (Job job : running) {
            assertThatJob(stored(job)).isIn(JobState.SUCCEEDED);
        }
    }

    @Test
    void answersFalseForAFinishWhoseLeaseWasLostAndTrueForTheRestOfItsBatch() throws Exception {
        HeldRepository held = new HeldRepository(jobs);
        batcher = started(new FinishBatcher(held, clock, 256, batchSizes::add));
        List<Job> running = claimedJobs(4);
        Job cancelled = running.get(2);
        assertThat(jobs.cancel(tenant.id(), cancelled.id(), now)).isPresent();

        CompletableFuture<Boolean> opener = batcher.submit(success(running.getFirst()));
        assertThat(held.writing.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Boolean>> batch = running.subList(1, running.size()).stream()
                .map(job -> batcher.submit(success(job)))
                .toList();
        held.release.countDown();

        assertThat(opener.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(batch.get(0).get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(batch.get(1).get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isFalse();
        assertThat(batch.get(2).get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(batchSizes).containsExactly(1, 3);
        assertThatJob(stored(cancelled)).isIn(JobState.CANCELLED);
        assertThatJob(stored(running.get(3))).isIn(JobState.SUCCEEDED);
    }

    @Test
    void writesABatchAgainAfterAFailedTry() throws Exception {
        FailingRepository failing = new FailingRepository(jobs, 1);
        batcher = started(new FinishBatcher(failing, clock, 256, batchSizes::add));
        Job running = claimedJobs(1).getFirst();

        boolean applied = batcher.submit(success(running)).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertThat(applied).isTrue();
        assertThat(failing.calls.get()).isEqualTo(2);
        assertThatJob(stored(running)).isIn(JobState.SUCCEEDED);
    }

    @Test
    void reportsTheErrorOnceEveryTryOfABatchFailedAndLeavesTheJobRunning() {
        FailingRepository failing = new FailingRepository(jobs, FinishBatcher.MAX_TRIES);
        batcher = started(new FinishBatcher(failing, clock, 256, batchSizes::add));
        Job running = claimedJobs(1).getFirst();

        CompletableFuture<Boolean> finish = batcher.submit(success(running));

        assertThatThrownBy(finish::join).isInstanceOf(CompletionException.class).hasRootCauseMessage("database down");
        assertThat(failing.calls.get()).isEqualTo(FinishBatcher.MAX_TRIES);
        assertThatJob(stored(running)).isIn(JobState.RUNNING);
    }

    @Test
    void writesWhatWasHandedInBeforeItClosed() throws Exception {
        HeldRepository held = new HeldRepository(jobs);
        batcher = started(new FinishBatcher(held, clock, 256, batchSizes::add));
        List<Job> running = claimedJobs(3);
        CompletableFuture<Boolean> first = batcher.submit(success(running.getFirst()));
        assertThat(held.writing.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> second = batcher.submit(success(running.get(1)));
        CompletableFuture<Boolean> third = batcher.submit(success(running.get(2)));

        held.release.countDown();
        batcher.stop();

        assertThat(first.join()).isTrue();
        assertThat(second.join()).isTrue();
        assertThat(third.join()).isTrue();
        assertThatThrownBy(() -> batcher.submit(success(running.getFirst())).join())
                .hasRootCauseMessage("the finish writer has stopped");
    }

    private List<Job> claimedJobs(int count) {
        List<Job> inserted = jobs.insertAllSkippingKnownIdempotencyKeys(
                tenant.id(),
                Stream.generate(() ->
                                Jobs.aJob(clock).inQueue("finish-batcher-it").build())
                        .limit(count)
                        .toList(),
                now);
        List<Job> claimed = jobs.claimQueued(inserted.stream().map(Job::id).toList(), OWNER, now, PATIENCE).stream()
                .map(ClaimedJob::job)
                .toList();
        // In submission order, whatever order the claim returned them in.
        return inserted.stream()
                .map(job -> claimed.stream()
                        .filter(c -> c.id().equals(job.id()))
                        .findFirst()
                        .orElseThrow())
                .toList();
    }

    private Job stored(Job job) {
        return jobs.findByTenantAndId(tenant.id(), job.id()).orElseThrow();
    }

    private static AttemptFinish success(Job job) {
        return new AttemptFinish(
                job.id(),
                job.attempt(),
                job.leaseOwner(),
                JobState.SUCCEEDED,
                null,
                AttemptOutcome.SUCCEEDED,
                204,
                null,
                null,
                job.startedAt(),
                3);
    }

    /** The real repository, whose first write waits until the test lets it go on. */
    private static final class HeldRepository extends JobRepository {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final JobRepository real;
        private final AtomicInteger writes = new AtomicInteger();

        HeldRepository(JobRepository real) {
            super(null);
            this.real = real;
        }

        @Override
        public List<AttemptFinish> finishAttempts(List<AttemptFinish> finishes, Instant now) {
            if (writes.getAndIncrement() == 0) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return real.finishAttempts(finishes, now);
        }
    }

    /** The real repository, after its first {@code failures} writes fail as if the database were down. */
    private static final class FailingRepository extends JobRepository {
        final AtomicInteger calls = new AtomicInteger();
        private final JobRepository real;
        private final int failures;

        FailingRepository(JobRepository real, int failures) {
            super(null);
            this.real = real;
            this.failures = failures;
        }

        @Override
        public List<AttemptFinish> finishAttempts(List<AttemptFinish> finishes, Instant now) {
            if (calls.incrementAndGet() <= failures) {
                throw new IllegalStateException("database down");
            }
            return real.finishAttempts(finishes, now);
        }
    }
}
