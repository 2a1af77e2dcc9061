package dev.foreman.scheduler;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobAttempt;
import dev.foreman.common.job.JobAttemptRepository;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.SqlTime;
import dev.foreman.scheduler.leader.LeaderBatches;
import dev.foreman.scheduler.leader.Leadership;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.JobBuilder;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.jobs.StoredJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A fresh tenant's jobs in the shared test database: puts them in the states a scheduler round acts
 * on and reads back what the round did. Every test class shares the database, so tests assert on
 * the jobs they made, never on global counts.
 */
public final class TenantJobs {
    // No repository reads these: only the relay consumes outbox rows, and no API shows queued_at.
    private static final String COUNT_OUTBOX_ROWS = """
            SELECT count(*)
            FROM outbox
            WHERE job_id = :jobId
            """;

    private static final String DELETE_OUTBOX_ROWS = """
            DELETE FROM outbox
            WHERE job_id = :jobId
            """;

    private static final String FIND_QUEUED_AT = """
            SELECT queued_at
            FROM jobs
            WHERE id = :jobId
            """;

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());
    private final JobRepository jobs = new JobRepository(jdbc);
    private final JobAttemptRepository attempts = new JobAttemptRepository(jdbc);
    private final StoredJobs stored = new StoredJobs(jdbc, Clock.systemUTC());
    private final DataSourceTransactionManager transactions = new DataSourceTransactionManager(infra.dataSource());
    private final TestTenant tenant;

    /**
     * Ten minutes before now: longer ago than a job's default timeout (30 s) and the default
     * queued-timeout (5 min), so a lease taken then has expired and a job queued then is stale.
     */
    public static Instant longAgo() {
        return Clock.systemUTC().instant().minus(Duration.ofMinutes(10));
    }

    public TenantJobs(String tenantName) {
        this.tenant = infra.createTenant(tenantName);
    }

    public UUID tenantId() {
        return tenant.id();
    }

    public JobRepository repository() {
        return jobs;
    }

    /** Batches over this database, as leader while {@code leadership} says so. */
    public LeaderBatches leaderBatches(Leadership leadership) {
        return leaderBatches(leadership, Clock.systemUTC());
    }

    /** Batches over this database whose rounds take their time from {@code clock}. */
    public LeaderBatches leaderBatches(Leadership leadership, Clock clock) {
        return new LeaderBatches(leadership, transactions, clock);
    }

    /** The transaction manager of {@link #leaderBatches}, for work nested in their transactions. */
    public PlatformTransactionManager transactions() {
        return transactions;
    }

    /** Inserts {@code job} as if submitted at {@code at}: queued then if due by then, else scheduled. */
    public Job insert(JobBuilder job, Instant at) {
        return jobs.insertAllSkippingKnownIdempotencyKeys(tenant.id(), List.of(job.build()), at)
                .getFirst();
    }

    /**
     * A job queued since {@code at} with no outbox row: what the relay leaves once it published
     * the job's Kafka record.
     */
    public Job insertQueuedSince(Instant at) {
        return insertQueuedSince(Jobs.aJob(), at);
    }

    /** {@code job}, queued since {@code at} with no outbox row. */
    public Job insertQueuedSince(JobBuilder job, Instant at) {
        Job queued = insert(job.dueAt(at), at);
        assertThatJob(queued).isIn(JobState.QUEUED);
        published(queued);
        return queued;
    }

    /**
     * {@code job}, queued and claimed by a worker at {@code at}: leased until {@code at} plus its
     * timeout, so a claim far enough in the past holds a lease that has expired.
     */
    public ClaimedJob insertClaimedAt(JobBuilder job, Instant at) {
        Job queued = insert(job.dueAt(at), at);
        published(queued);
        return jobs.claimQueued(List.of(queued.id()), "worker-" + UUID.randomUUID(), at, queued.timeout())
                .getFirst();
    }

    /** The finish of {@code claimed}'s attempt as succeeded (200) at {@code now}. */
    public static AttemptFinish succeeded(Job claimed, Instant now) {
        return new AttemptFinish(
                claimed.id(),
                claimed.attempt(),
                claimed.leaseOwner(),
                JobState.SUCCEEDED,
                null,
                AttemptOutcome.SUCCEEDED,
                200,
                "ok",
                null,
                claimed.startedAt(),
                (int) Duration.between(claimed.startedAt(), now).toMillis());
    }

    /** Ends an attempt as its worker reports it; false when the lease was lost. */
    public boolean finishAttempt(AttemptFinish finish, Instant now) {
        return stored.finishAttempt(finish, now);
    }

    public Job reload(Job job) {
        return jobs.findByTenantAndId(tenant.id(), job.id()).orElseThrow();
    }

    public JobState state(Job job) {
        return reload(job).state();
    }

    public List<JobAttempt> attempts(Job job) {
        return attempts.findByTenantAndJob(tenant.id(), job.id());
    }

    /** Deletes the outbox row of {@code job}, as a relay does once Kafka has its record. */
    private void published(Job job) {
        jdbc.sql(DELETE_OUTBOX_ROWS).param("jobId", job.id()).update();
    }

    public int outboxRows(Job job) {
        return jdbc.sql(COUNT_OUTBOX_ROWS)
                .param("jobId", job.id())
                .query(Integer.class)
                .single();
    }

    /** Asserts that {@code job} is queued and exactly one outbox row announces it to Kafka. */
    public void assertQueuedWithOneOutboxRow(Job job) {
        assertThatJob(reload(job)).isIn(JobState.QUEUED);
        assertThat(outboxRows(job)).as("outbox rows of %s", job.id()).isEqualTo(1);
    }

    public Instant queuedAt(Job job) {
        return jdbc.sql(FIND_QUEUED_AT)
                .param("jobId", job.id())
                .query((rs, n) -> SqlTime.read(rs, "queued_at"))
                .single();
    }
}
