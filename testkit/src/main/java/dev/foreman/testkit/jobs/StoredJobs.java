package dev.foreman.testkit.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobRowMapper;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.TenantValidatedJob;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.testkit.infra.TestTenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Jobs written to the database in the state a test needs, moved there the way the system moves
 * them: inserted by {@link JobRepository#insertAllSkippingKnownIdempotencyKeys}, claimed by
 * {@link JobRepository#claimQueued} for {@link #WORKER}, ended by
 * {@link JobRepository#finishAttempts}. No worker runs beside these tests, so jobs stay where they
 * are put. Jobs inserted here have no outbox row: the insert writes them with a {@code relay_after}
 * far ahead, so no relay publishes them, and the fixture deletes them at once, so the only Kafka
 * record a test sees is one the code under test wrote.
 *
 * <p>Also the home of the few reads and single-job shortcuts that only tests need
 * ({@link #findById}, {@link #finishAttempt}, {@link #promoteDue}), so that the repository keeps
 * only what the services run.
 */
public final class StoredJobs {
    /** The lease owner of the jobs this fixture claims. */
    public static final String WORKER = "testkit-worker";

    // Test-only: production deletes outbox rows only once Kafka has their records.
    private static final String DELETE_OUTBOX_ROWS = """
            DELETE FROM outbox
            WHERE job_id = ANY(:jobIds::uuid[])
            """;

    // Relays leave an outbox row alone until its relay_after; the fixture deletes its rows long before.
    private static final Duration OUTBOX_ROWS_HIDDEN_FOR = Duration.ofDays(1);

    // Any tenant's job: the services always read through the tenant.
    private static final String FIND_BY_ID = """
            SELECT *
            FROM jobs
            WHERE id = :id
            """;

    private final JdbcClient jdbc;
    private final JobRepository jobs;
    private final Clock clock;

    /**
     * @param jdbc the connection the code under test uses, so the fixture's statements join its
     *     transactions
     * @param clock the time the jobs are inserted, claimed and finished at
     */
    public StoredJobs(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.jobs = new JobRepository(jdbc);
        this.clock = clock;
    }

    public StoredJobs(DataSource dataSource, Clock clock) {
        this(JdbcClient.create(dataSource), clock);
    }

    /** Inserts the jobs for the tenant, each queued (due by now). */
    public List<Job> queued(TestTenant tenant, List<ValidatedJob> newJobs) {
        List<Job> inserted = insertWithoutOutboxRows(tenant, newJobs);
        assertThat(inserted)
                .as("jobs inserted queued")
                .hasSameSizeAs(newJobs)
                .allSatisfy(job -> assertThat(job.state()).isEqualTo(JobState.QUEUED));
        return inserted;
    }

    public Job queued(TestTenant tenant, JobBuilder job) {
        return queued(tenant, List.of(job.build())).getFirst();
    }

    /** Inserts the job, due {@code delay} from now: scheduled. */
    public Job scheduled(TestTenant tenant, JobBuilder job, Duration delay) {
        Job inserted = insertWithoutOutboxRows(
                        tenant, List.of(job.dueAt(clock.instant().plus(delay)).build()))
                .getFirst();
        assertThat(inserted.state()).as("job inserted scheduled").isEqualTo(JobState.SCHEDULED);
        return inserted;
    }

    private List<Job> insertWithoutOutboxRows(TestTenant tenant, List<ValidatedJob> newJobs) {
        Instant now = clock.instant();
        List<Job> inserted = jobs.insertAllSkippingKnownIdempotencyKeys(
                        newJobs.stream()
                                .map(job -> new TenantValidatedJob(tenant.id(), job))
                                .toList(),
                        now,
                        now.plus(OUTBOX_ROWS_HIDDEN_FOR))
                .jobs();
        jdbc.sql(DELETE_OUTBOX_ROWS)
                .param(
                        "jobIds",
                        inserted.stream().map(job -> job.id().toString()).toArray(String[]::new))
                .update();
        return inserted;
    }

    /** Inserts the job queued and claims it for {@link #WORKER}: running its first attempt. */
    public Job running(TestTenant tenant, JobBuilder job) {
        return claim(List.of(queued(tenant, job).id())).getFirst().job();
    }

    /** Runs the job's first attempt to success, as a 200 from the target ends it. */
    public Job succeeded(TestTenant tenant, JobBuilder job) {
        Job running = running(tenant, job);
        finish(running, JobState.SUCCEEDED, AttemptOutcome.SUCCEEDED, 200, null);
        return find(running.id());
    }

    public Job dead(TestTenant tenant, JobBuilder job) {
        return dead(List.of(queued(tenant, job).id())).getFirst();
    }

    public List<Job> dead(TestTenant tenant, List<ValidatedJob> newJobs) {
        return dead(queued(tenant, newJobs).stream().map(Job::id).toList());
    }

    /** Claims the queued jobs and ends their attempt as the target's 400 would: dead at once. */
    public List<Job> dead(List<UUID> ids) {
        for (ClaimedJob claimed : claim(ids)) {
            finish(claimed.job(), JobState.DEAD, AttemptOutcome.FAILED, 400, "HTTP 400: the target refused the job");
        }
        return ids.stream().map(this::find).toList();
    }

    /** Claims the queued jobs for {@link #WORKER}, each starting its next attempt. */
    public List<ClaimedJob> claim(List<UUID> ids) {
        List<ClaimedJob> claimed = jobs.claimQueued(ids, WORKER, clock.instant(), Duration.ofSeconds(30));
        assertThat(claimed).as("jobs claimed").hasSameSizeAs(ids);
        return claimed;
    }

    /** Ends the running job's current attempt as {@link #WORKER} reports it; false when the lease was lost. */
    public boolean finish(Job running, JobState next, AttemptOutcome outcome, Integer status, String error) {
        Instant now = clock.instant();
        return finishAttempt(
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

    /**
     * Ends one attempt through the batch statement the worker uses, if {@code finish.leaseOwner()}
     * still holds the lease for {@code finish.attempt()}.
     *
     * @return false when the lease was lost (reaped, cancelled, or claimed again): nothing changed
     */
    public boolean finishAttempt(AttemptFinish finish, Instant now) {
        return !jobs.finishAttempts(List.of(finish), now).isEmpty();
    }

    /** Moves up to {@code limit} scheduled and retrying jobs due by {@code now} to queued, oldest due first. */
    public List<DueJob> promoteDue(Instant now, int limit) {
        return jobs.promoteDueBy(now, now, limit);
    }

    /** Any tenant's job. */
    public Optional<Job> findById(UUID id) {
        return jdbc.sql(FIND_BY_ID).param("id", id).query(JobRowMapper.INSTANCE).optional();
    }

    /** The job as stored now. */
    public Job find(UUID id) {
        return findById(id).orElseThrow(() -> new AssertionError("no job " + id));
    }
}
