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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.SQLWarningException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The by-id statements of the hot path on a {@code jobs} table that grew a hundredfold since its
 * statistics were taken, as it does in the first seconds after a burst of submits on a fresh
 * system: each must read {@code jobs} in one pass over the given ids, never once per row of
 * another scan. The claim once joined {@code jobs} to itself (to return each job's parked reason
 * from before the update); on such statistics the planner ran that join as a scan of every job
 * with a primary-key probe per job, and a claim of 512 jobs took 1–5 s (2.6 s here with 30,000
 * jobs) where it now takes milliseconds. {@code auto_explain} with {@code log_analyze} reports the
 * plan each call ran, with the loops of every node.
 */
class GrownTablePlansIT {
    private static final Pattern JOBS_SCAN =
            Pattern.compile("(Seq Scan|Index Scan using \\w+|Index Only Scan using \\w+|Bitmap Heap Scan) on jobs"
                    + "[^\\n]*?loops=(\\d+)\\)");
    private static final String OWNER = "worker-grown";
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final int BEFORE = 200;
    private static final int GROWN = 30_000;
    private static final int BATCH = 512;

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static SingleConnectionDataSource connection;
    private static JdbcTemplate template;
    private static JobRepository jobs;
    private static List<UUID> queued;

    @BeforeAll
    static void statisticsFromASmallTableThenABacklog() {
        TestInfrastructure infra = TestInfrastructure.shared();
        connection = new SingleConnectionDataSource(
                infra.migrateFreshSchema("grown_plans_it"), infra.username(), infra.password(), true);
        template = new JdbcTemplate(connection);
        jobs = new JobRepository(JdbcClient.create(template));
        Tenant tenant = new Tenant(UUID.randomUUID(), "grown", "whsec_" + "s".repeat(40), NOW);
        new TenantRepository(JdbcClient.create(template)).insertTenant(tenant);
        template.execute("ALTER TABLE jobs SET (autovacuum_enabled = false)");
        insert(tenant, BEFORE);
        template.execute("VACUUM ANALYZE jobs");
        queued = insert(tenant, GROWN).stream().map(Job::id).toList();

        template.execute("LOAD 'auto_explain'");
        template.execute("SET auto_explain.log_level = 'notice'");
        template.execute("SET auto_explain.log_analyze = on");
        template.execute("SET client_min_messages = 'notice'");
        template.setIgnoreWarnings(false);
    }

    @AfterAll
    static void closeConnection() {
        connection.destroy();
    }

    @Test
    void aClaimReadsJobsOnceForTheWholeBatch() {
        List<UUID> ids = queued.subList(0, BATCH);

        String plan = planOf(() -> jobs.claimQueued(ids, OWNER, NOW, LEASE));

        assertJobsReadInOnePass(plan);
    }

    @Test
    void aBatchOfFinishesReadsJobsOnceForTheWholeBatch() {
        List<ClaimedJob> running = jobs.claimQueued(queued.subList(BATCH, 2 * BATCH), OWNER, NOW, LEASE);
        List<AttemptFinish> finishes = running.stream()
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

        assertJobsReadInOnePass(plan);
    }

    @Test
    void theHeartbeatAndAHandBackReadJobsOnceForTheWholeBatch() {
        List<UUID> ids = jobs.claimQueued(queued.subList(2 * BATCH, 3 * BATCH), OWNER, NOW, LEASE).stream()
                .map(claimed -> claimed.job().id())
                .toList();

        assertJobsReadInOnePass(
                planOf(() -> jobs.renewLeases(ids, OWNER, NOW.plus(LEASE).plusSeconds(1), NOW.plus(LEASE))));
        assertJobsReadInOnePass(planOf(() -> jobs.handBack(ids, OWNER, "stopping", NOW)));
    }

    private static void assertJobsReadInOnePass(String plan) {
        Matcher scans = JOBS_SCAN.matcher(plan);
        int found = 0;
        while (scans.find()) {
            found++;
            assertThat(Integer.parseInt(scans.group(2)))
                    .as("loops of '%s' in the plan:%n%s", scans.group(1), plan)
                    .isLessThanOrEqualTo(1);
            assertThat(scans.group(1)).as("plan:%n%s", plan).isNotEqualTo("Seq Scan");
        }
        assertThat(found).as("no read of jobs found in the plan:%n%s", plan).isPositive();
    }

    /** The plan {@code auto_explain} reported for the repository call, id lists left out. */
    private static String planOf(Runnable call) {
        template.execute("SET auto_explain.log_min_duration = 0");
        try {
            Throwable thrown = catchThrowable(call::run);
            assertThat(thrown).as("auto_explain reported no plan").isInstanceOf(SQLWarningException.class);
            return ((SQLWarningException) thrown).getSQLWarning().getMessage().replaceAll("'\\{[^}]*}'", "'{…}'");
        } finally {
            template.execute("SET auto_explain.log_min_duration = -1");
        }
    }

    private static List<Job> insert(Tenant tenant, int count) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        List<Job> inserted = new ArrayList<>();
        for (int from = 0; from < count; from += 1_000) {
            List<ValidatedJob> batch = IntStream.range(from, Math.min(count, from + 1_000))
                    .mapToObj(i -> Jobs.aJob(clock).build())
                    .toList();
            inserted.addAll(jobs.insertAllSkippingKnownIdempotencyKeys(tenant.id(), batch, NOW));
        }
        return inserted;
    }
}
