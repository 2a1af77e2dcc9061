package dev.foreman.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.JobBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jobs written straight to the database and moved through their lifecycle the way a worker moves
 * them, through {@link JobRepository#claimQueued} and {@link JobRepository#finishAttempt}. No
 * worker runs beside the api-service in these tests, so the jobs stay where they are put. Jobs
 * inserted here have no outbox row (it is deleted before the insert commits, so no relay sees it):
 * the only Kafka record a test sees is the one its retry wrote.
 */
final class StoredJobs {
    static final String WORKER = "api-it-worker";

    // Test-only: production deletes outbox rows only once Kafka has their records.
    private static final String DELETE_OUTBOX_ROWS = """
            DELETE FROM outbox
            WHERE job_id = ANY(:jobIds::uuid[])
            """;

    private final JobRepository jobs;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    StoredJobs(JobRepository jobs, JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /** Inserts the jobs, queued, for the tenant, without outbox rows. */
    List<Job> queued(TestTenant tenant, List<ValidatedJob> newJobs) {
        List<Job> inserted = tx.execute(status -> {
            List<Job> written = jobs.insertAllSkippingKnownIdempotencyKeys(tenant.id(), newJobs, clock.instant());
            jdbc.sql(DELETE_OUTBOX_ROWS)
                    .param(
                            "jobIds",
                            written.stream().map(job -> job.id().toString()).toArray(String[]::new))
                    .update();
            return written;
        });
        assertThat(inserted)
                .hasSameSizeAs(newJobs)
                .allSatisfy(job -> assertThat(job.state()).isEqualTo(JobState.QUEUED));
        return inserted;
    }

    Job queued(TestTenant tenant, JobBuilder job) {
        return queued(tenant, List.of(job.build())).getFirst();
    }

    /** Claims the queued jobs for {@link #WORKER}, each starting its next attempt. */
    List<ClaimedJob> claim(List<UUID> ids) {
        List<ClaimedJob> claimed = jobs.claimQueued(ids, WORKER, clock.instant(), Duration.ofSeconds(30));
        assertThat(claimed).hasSameSizeAs(ids);
        return claimed;
    }

    Job running(TestTenant tenant, JobBuilder job) {
        return claim(List.of(queued(tenant, job).id())).getFirst().job();
    }

    /** Claims the queued jobs and ends their attempt as the target's 400 would: dead at once. */
    List<Job> dead(List<UUID> ids) {
        for (ClaimedJob claimed : claim(ids)) {
            finish(claimed.job(), JobState.DEAD, AttemptOutcome.FAILED, 400, "HTTP 400: the target refused the job");
        }
        return ids.stream().map(this::reread).toList();
    }

    Job dead(TestTenant tenant, JobBuilder job) {
        return dead(List.of(queued(tenant, job).id())).getFirst();
    }

    List<Job> dead(TestTenant tenant, List<ValidatedJob> newJobs) {
        return dead(queued(tenant, newJobs).stream().map(Job::id).toList());
    }

    Job succeeded(TestTenant tenant, JobBuilder job) {
        Job running = running(tenant, job);
        finish(running, JobState.SUCCEEDED, AttemptOutcome.SUCCEEDED, 200, null);
        return reread(running.id());
    }

    /** Ends the running job's current attempt as its worker reports it; false when the lease was lost. */
    boolean finish(Job running, JobState next, AttemptOutcome outcome, Integer status, String error) {
        Instant now = clock.instant();
        return jobs.finishAttempt(
                new AttemptFinish(
                        running.id(),
                        running.attempt(),
                        WORKER,
                        next,
                        now,
                        outcome,
                        status,
                        status == null ? null : "{}",
                        error,
                        running.startedAt(),
                        15),
                now);
    }

    Job reread(UUID id) {
        return jobs.findById(id).orElseThrow();
    }
}
