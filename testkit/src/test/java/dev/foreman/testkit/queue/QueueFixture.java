package dev.foreman.testkit.queue;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobAttemptRepository;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.common.outbox.OutboxRepository;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.JobBuilder;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.jobs.StoredJobs;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The repositories under test over the shared database, a fresh tenant, and the few statements
 * tests need to put a job in a state no repository method reaches yet (the API's cancel, the
 * scheduler's reaper).
 */
final class QueueFixture {
    private static final String FORCE_STATE = """
            UPDATE jobs
            SET state = :state,
                lease_owner = NULL,
                lease_expires_at = NULL
            WHERE id = :id
            """;

    private static final String FIND_OUTBOX_JOB_IDS = """
            SELECT job_id
            FROM outbox
            WHERE job_id = ANY(:ids::uuid[])
            """;

    final TestInfrastructure infra = TestInfrastructure.shared();
    final JdbcClient jdbc;
    final JobRepository jobs;
    /** The statements only tests use ({@code finishAttempt}, {@code promoteDue}) over the same connection. */
    final StoredJobs stored;

    final JobAttemptRepository attempts;
    final OutboxRepository outbox;
    final TransactionTemplate transactions;
    final TestTenant tenant;
    /** The test's now, to the microsecond: what timestamptz keeps, so instants survive a round trip. */
    final Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.MICROS);

    QueueFixture(String tenantName) {
        infra.migrate();
        jdbc = JdbcClient.create(infra.dataSource());
        jobs = new JobRepository(jdbc);
        stored = new StoredJobs(jdbc, Clock.fixed(now, ZoneOffset.UTC));
        attempts = new JobAttemptRepository(jdbc);
        outbox = new OutboxRepository(jdbc);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(infra.dataSource()));
        tenant = infra.createTenant(tenantName);
    }

    /**
     * A job due at {@link #now}, with ids from it. Built from the system clock instead, a job
     * would be due a moment after a {@code now} taken earlier, and be inserted scheduled.
     */
    JobBuilder aJob() {
        return Jobs.aJob(Clock.fixed(now, ZoneOffset.UTC));
    }

    List<Job> insert(List<ValidatedJob> newJobs, Instant now) {
        return jobs.insertAllSkippingKnownIdempotencyKeys(tenant.id(), newJobs, now);
    }

    Job insert(ValidatedJob newJob, Instant now) {
        return insert(List.of(newJob), now).getFirst();
    }

    Job find(UUID id) {
        return jobs.findByTenantAndId(tenant.id(), id).orElseThrow();
    }

    /** Moves a job straight to {@code state}, dropping any lease: a cancel or a reap in one step. */
    void forceState(UUID id, JobState state) {
        jdbc.sql(FORCE_STATE).param("state", state.wireName()).param("id", id).update();
    }

    List<UUID> outboxJobIds(List<UUID> ids) {
        return jdbc.sql(FIND_OUTBOX_JOB_IDS)
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .query(UUID.class)
                .list();
    }
}
