package dev.foreman.testkit.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.common.tenant.Tenant;
import dev.foreman.common.tenant.TenantRepository;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.jobs.Jobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.SQLWarningException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The statements that find jobs by a list of ids must read them through the primary key, whatever
 * the statistics say. Statistics taken while no job was queued (or running) make the partial index
 * on that state look empty; a statement that let the planner use it scanned every queued job to
 * claim a few (a 45,000-job backlog made each claim 15-40 ms, and delivery fell to a few hundred
 * jobs a second). Here a schema of its own gets exactly those statistics, then a backlog, and
 * {@code auto_explain} reports (as a NOTICE, which the JDBC template turns into an exception) the
 * plan each repository call ran.
 */
class ByIdPlansIT {
    private static final String OWNER = "worker-plans";
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final int PARKED = 20_000;
    private static final int BACKLOG = 4_000;
    private static final int BATCH = 32;
    private static final List<String> PARTIAL_STATE_INDEXES = List.of("jobs_queued_at_idx", "jobs_lease_expiry_idx");

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static SingleConnectionDataSource connection;
    private static JdbcTemplate template;
    private static JobRepository jobs;
    private static List<UUID> queued;
    private static List<ClaimedJob> running;

    @BeforeAll
    static void statisticsFromBeforeTheBacklog() {
        TestInfrastructure infra = TestInfrastructure.shared();
        connection = new SingleConnectionDataSource(
                infra.migrateFreshSchema("plans_it"), infra.username(), infra.password(), true);
        template = new JdbcTemplate(connection);
        jobs = new JobRepository(JdbcClient.create(template));
        Tenant tenant = new Tenant(UUID.randomUUID(), "plans", "whsec_" + "s".repeat(40), NOW);
        new TenantRepository(JdbcClient.create(template)).insertTenant(tenant);
        template.execute("ALTER TABLE jobs SET (autovacuum_enabled = false)");

        insert(tenant, PARKED, Duration.ofHours(1));
        template.execute("VACUUM ANALYZE jobs");
        queued = insert(tenant, BACKLOG, Duration.ZERO).stream().map(Job::id).toList();
        running = jobs.claimQueued(queued.subList(0, BACKLOG / 2), OWNER, NOW, LEASE);

        template.execute("LOAD 'auto_explain'");
        template.execute("SET auto_explain.log_level = 'notice'");
        template.execute("SET client_min_messages = 'notice'");
        // Notices become an SQLWarningException after the statement ran, carrying its plan.
        template.setIgnoreWarnings(false);
    }

    @AfterAll
    static void closeConnection() {
        connection.destroy();
    }

    @Test
    void aClaimReadsTheQueuedJobsByPrimaryKey() {
        List<UUID> ids = queued.subList(BACKLOG - BATCH, BACKLOG);

        String plan = planOf(() -> jobs.claimQueued(ids, OWNER, NOW, LEASE));

        assertReadByPrimaryKey(plan);
    }

    @Test
    void aBatchOfFinishesReadsTheRunningJobsByPrimaryKey() {
        List<AttemptFinish> finishes = running.subList(0, BATCH).stream()
                .map(claimed -> new AttemptFinish(
                        claimed.job().id(),
                        claimed.job().attempt(),
                        OWNER,
                        JobState.SUCCEEDED,
                        null,
                        AttemptOutcome.SUCCEEDED,
                        204,
                        null,
                        null,
                        NOW,
                        1))
                .toList();

        String plan = planOf(() -> jobs.finishAttempts(finishes, NOW));

        assertReadByPrimaryKey(plan);
    }

    @Test
    void theHeartbeatReadsAndRenewsTheRunningJobsByPrimaryKey() {
        List<UUID> ids = ids(running.subList(BATCH, 2 * BATCH));

        String plan = planOf(() -> jobs.renewLeases(ids, OWNER, NOW.plus(LEASE).plusSeconds(1), NOW.plus(LEASE)));

        assertReadByPrimaryKey(plan);
    }

    @Test
    void aHandBackReadsTheRunningJobsByPrimaryKey() {
        List<UUID> ids = ids(running.subList(2 * BATCH, 3 * BATCH));

        String plan = planOf(() -> jobs.handBack(ids, OWNER, "stopping", NOW));

        assertReadByPrimaryKey(plan);
    }

    private static void assertReadByPrimaryKey(String plan) {
        assertThat(plan).contains("jobs_pkey");
        for (String index : PARTIAL_STATE_INDEXES) {
            assertThat(plan).as("plan:%n%s", plan).doesNotContain(index);
        }
    }

    /** The plan {@code auto_explain} reported for the repository call. */
    private static String planOf(Runnable call) {
        // SET is not planned, so auto_explain reports nothing for it.
        template.execute("SET auto_explain.log_min_duration = 0");
        try {
            Throwable thrown = catchThrowable(call::run);
            assertThat(thrown).as("auto_explain reported no plan").isInstanceOf(SQLWarningException.class);
            return ((SQLWarningException) thrown).getSQLWarning().getMessage();
        } finally {
            template.execute("SET auto_explain.log_min_duration = -1");
        }
    }

    private static List<Job> insert(Tenant tenant, int count, Duration dueIn) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        List<Job> inserted = new ArrayList<>();
        for (int from = 0; from < count; from += 1_000) {
            List<ValidatedJob> batch = IntStream.range(from, Math.min(count, from + 1_000))
                    .mapToObj(i -> Jobs.aJob(clock).dueIn(dueIn).build())
                    .toList();
            inserted.addAll(jobs.insertAllSkippingKnownIdempotencyKeys(tenant.id(), batch, NOW));
        }
        return inserted;
    }

    private static List<UUID> ids(List<ClaimedJob> claimed) {
        return claimed.stream().map(c -> c.job().id()).toList();
    }
}
