package dev.foreman.testkit.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.JobFilter;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.Priority;
import dev.foreman.common.job.SqlTime;
import dev.foreman.common.job.TenantValidatedJob;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.common.queue.ParkReason;
import dev.foreman.common.queue.ParkedJobRepository;
import dev.foreman.common.queue.Parking;
import dev.foreman.common.queue.QueueRepository;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.Jobs;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The state table ({@link JobState#canTransitionTo}) is what the SQL does. Every statement of
 * common's repositories that writes {@code jobs} runs here against a fresh set of jobs, one in
 * each state (and a running one whose attempt budget is spent), all of them matching the
 * statement's other conditions (due, lease expired, finished long ago, queued long ago, owned by
 * the reporting worker), so only the state decides whether a job moves. Each job's state before
 * and after must be a move the table allows, a new job must start in an initial state, a deleted
 * one must have ended, and a job that became queued (or was queued anew) must have got exactly one
 * outbox row in the same statement. Each statement must also make exactly the moves listed for it,
 * so a scenario that stopped reaching its statement is noticed.
 *
 * <p>The last check finds every repository statement that writes {@code jobs} by reading the SQL
 * constants, and fails if one did not run here: a new state-changing statement needs a scenario.
 *
 * <p>The jobs live in the year 2001, so the statements that are not scoped to a tenant (promote,
 * reap, lost-record republish, retention) find no other test's jobs, and each scenario deletes its
 * own jobs afterwards.
 */
class StateTransitionsIT {
    private static final Instant LONG_AGO = Instant.parse("2001-01-01T00:00:00Z");
    private static final Instant NOW = LONG_AGO.plus(Duration.ofDays(1));
    private static final String OWNER = "worker-transitions";
    private static final int LIMIT = 1_000;
    private static final Pattern WRITES_JOBS =
            Pattern.compile("\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+jobs\\b", Pattern.CASE_INSENSITIVE);

    // Test-only SQL: puts a job straight into any state, with every other column set so that each
    // statement's conditions but the state hold.
    private static final String INSERT_JOB_IN_STATE = """
            INSERT INTO jobs (id, tenant_id, queue, type, priority, state, attempt, max_attempts, run_at,
                              created_at, updated_at, queued_at, started_at, finished_at, target_url,
                              target_method, timeout_ms, min_backoff_ms, max_backoff_ms, max_doublings,
                              idempotency_key, lease_owner, lease_expires_at)
            VALUES (:id, :tenantId, 'transitions', 'transition', 'normal', :state, :attempt, :maxAttempts, :longAgo,
                    :longAgo, :longAgo, :longAgo, :longAgo, :longAgo, 'https://target.invalid/hook',
                    'POST', 30000, 1000, 60000, 5,
                    :idempotencyKey, :leaseOwner, :leaseExpiresAt)
            """;

    private static final String SNAPSHOT = """
            SELECT jobs.id, jobs.state, jobs.queued_at, jobs.parked_until IS NOT NULL AS parked,
                   (SELECT count(*) FROM outbox WHERE outbox.job_id = jobs.id) AS outbox_rows
            FROM jobs
            WHERE tenant_id = :tenantId
            """;

    // Test-only SQL: parks the queued job, as a worker would, so that a wake-up has one to wake.
    private static final String PARK_QUEUED = """
            UPDATE jobs
            SET parked_until = :until,
                parked_reason = :reason,
                flow_key = 'transitions-key'
            WHERE tenant_id = :tenantId
              AND state = 'queued'
            """;

    private static final String DELETE_TENANT_JOBS = """
            WITH doomed AS (
                DELETE FROM jobs
                WHERE tenant_id = :tenantId
                RETURNING id
            ),
            attempts_deleted AS (
                DELETE FROM job_attempts
                WHERE job_id IN (SELECT id FROM doomed)
            )
            DELETE FROM outbox
            WHERE job_id IN (SELECT id FROM doomed)
            """;

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());
    private final Set<String> executed = new HashSet<>();
    private final JobRepository jobs = new JobRepository(recording(jdbc, executed));
    private final ParkedJobRepository parked = new ParkedJobRepository(recording(jdbc, executed));
    private final QueueRepository queues = new QueueRepository(recording(jdbc, executed));

    @TestFactory
    Stream<DynamicTest> everyStatementThatWritesJobsMovesThemOnlyAsTheTableAllows() {
        infra.migrate();
        List<DynamicTest> tests = new ArrayList<>();
        scenarios().forEach((name, scenario) -> tests.add(DynamicTest.dynamicTest(name, () -> run(scenario))));
        tests.add(DynamicTest.dynamicTest("every statement that writes jobs ran above", this::everyStatementRan));
        return tests.stream();
    }

    private Map<String, Scenario> scenarios() {
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        scenarios.put(
                "insertAllSkippingKnownIdempotencyKeys",
                new Scenario(
                        Set.of("(new) -> queued", "(new) -> scheduled"),
                        rows -> jobs.insertAllSkippingKnownIdempotencyKeys(newJobsRepeatingEveryKey(rows), NOW, null)));
        scenarios.put(
                "claimQueued",
                new Scenario(
                        Set.of("queued -> running"),
                        rows -> jobs.claimQueued(rows.ids(), "worker-next", NOW, Duration.ofMinutes(1))));
        for (JobState next : List.of(JobState.SUCCEEDED, JobState.RETRYING, JobState.DEAD)) {
            scenarios.put(
                    "finishAttempts to " + next.wireName(),
                    new Scenario(
                            Set.of("running -> " + next.wireName()),
                            rows -> jobs.finishAttempts(finishes(rows, next), NOW)));
        }
        scenarios.put(
                "promoteDueBy",
                new Scenario(
                        Set.of("scheduled -> queued", "retrying -> queued"),
                        rows -> jobs.promoteDueBy(NOW, NOW, LIMIT)));
        scenarios.put(
                "reapExpiredLeases",
                new Scenario(
                        Set.of("running -> queued", "running -> dead"), rows -> jobs.reapExpiredLeases(NOW, LIMIT)));
        scenarios.put(
                "requeueStale",
                new Scenario(
                        Set.of("queued -> queued (anew)"),
                        rows -> jobs.requeueStale(EnumSet.allOf(Priority.class), NOW, NOW, LIMIT)));
        scenarios.put(
                "renewLeases",
                new Scenario(Set.of(), rows -> jobs.renewLeases(rows.ids(), OWNER, NOW, NOW.plusSeconds(60))));
        scenarios.put(
                "handBack",
                new Scenario(Set.of("running -> queued"), rows -> jobs.handBack(rows.ids(), OWNER, "stopping", NOW)));
        scenarios.put(
                "releaseClaims",
                new Scenario(Set.of("running -> queued"), rows -> jobs.releaseClaims(rows.ids(), OWNER, NOW)));
        scenarios.put(
                "cancel",
                new Scenario(
                        Set.of(
                                "scheduled -> cancelled",
                                "queued -> cancelled",
                                "running -> cancelled",
                                "retrying -> cancelled"),
                        rows -> rows.ids().forEach(id -> jobs.cancel(rows.tenantId(), id, NOW))));
        scenarios.put(
                "retryByPerson",
                new Scenario(
                        Set.of("dead -> queued", "cancelled -> queued"),
                        rows -> rows.ids().forEach(id -> jobs.retryByPerson(rows.tenantId(), id, NOW))));
        scenarios.put(
                "retryDeadLetter",
                new Scenario(
                        Set.of("dead -> queued"),
                        rows -> rows.ids().forEach(id -> jobs.retryDeadLetter(rows.tenantId(), id, NOW))));
        scenarios.put(
                "retryDeadLetters",
                new Scenario(
                        Set.of("dead -> queued"),
                        rows -> jobs.retryDeadLetters(
                                new JobFilter(rows.tenantId(), null, null, null, null, null, LIMIT), NOW, NOW, LIMIT)));
        scenarios.put(
                "discardDeadLetter",
                new Scenario(
                        Set.of(), rows -> rows.ids().forEach(id -> jobs.discardDeadLetter(rows.tenantId(), id, NOW))));
        scenarios.put(
                "parkClaimed",
                new Scenario(
                        Set.of("running -> queued"),
                        rows -> parked.parkClaimed(
                                rows.ids().stream()
                                        .map(id -> new Parking(
                                                id,
                                                rows.attempts().get(id),
                                                ParkReason.QUEUE_CONCURRENCY,
                                                NOW.plusSeconds(10),
                                                null))
                                        .toList(),
                                OWNER,
                                NOW)));
        scenarios.put("wakeDue", new Scenario(Set.of("queued -> queued (anew)"), rows -> {
            park(rows, ParkReason.RATE);
            parked.wakeDue(NOW, NOW, LIMIT);
        }));
        scenarios.put("wakeInQueue", new Scenario(Set.of("queued -> queued (anew)"), rows -> {
            park(rows, ParkReason.PAUSED);
            parked.wakeInQueue(rows.tenantId(), "transitions", ParkReason.PAUSED, NOW, LIMIT);
        }));
        scenarios.put("wakeWithFlowKey", new Scenario(Set.of("queued -> queued (anew)"), rows -> {
            park(rows, ParkReason.FLOW_CONCURRENCY);
            parked.wakeWithFlowKey(rows.tenantId(), "transitions-key", NOW, LIMIT);
        }));
        scenarios.put("wakeOfTenant", new Scenario(Set.of("queued -> queued (anew)"), rows -> {
            park(rows, ParkReason.TENANT_CONCURRENCY);
            parked.wakeOfTenant(rows.tenantId(), NOW, LIMIT);
        }));
        scenarios.put(
                "purgeBatch",
                new Scenario(
                        Set.of("scheduled -> cancelled", "queued -> cancelled", "retrying -> cancelled"),
                        rows -> queues.purgeBatch(
                                rows.tenantId(),
                                "transitions",
                                List.of(JobState.SCHEDULED, JobState.QUEUED, JobState.RETRYING),
                                NOW,
                                LIMIT)));
        scenarios.put(
                "deleteFinished",
                new Scenario(Set.of("succeeded -> (deleted)", "dead -> (deleted)", "cancelled -> (deleted)"), rows -> {
                    for (JobState state : JobState.values()) {
                        if (state.isTerminal()) {
                            jobs.deleteFinished(state, NOW, LIMIT);
                        } else {
                            assertThatThrownBy(() -> jobs.deleteFinished(state, NOW, LIMIT))
                                    .isInstanceOf(IllegalArgumentException.class);
                        }
                    }
                }));
        return scenarios;
    }

    private void park(StoredRows rows, ParkReason reason) {
        jdbc.sql(PARK_QUEUED)
                .param("tenantId", rows.tenantId())
                .param("until", SqlTime.param(LONG_AGO))
                .param("reason", reason.wireName())
                .update();
    }

    private void run(Scenario scenario) {
        TestTenant tenant = infra.createTenant("transitions");
        try {
            StoredRows rows = insertOneJobInEachState(tenant.id());
            Map<UUID, Snapshot> before = snapshot(tenant.id());

            scenario.statement().accept(rows);

            Map<UUID, Snapshot> after = snapshot(tenant.id());
            Set<String> moves = new TreeSet<>();
            Set<UUID> ids = new HashSet<>(before.keySet());
            ids.addAll(after.keySet());
            for (UUID id : ids) {
                moves.addAll(checkedMove(id, before.get(id), after.get(id)));
            }
            assertThat(moves).as("the moves this statement made").isEqualTo(new TreeSet<>(scenario.moves()));
        } finally {
            jdbc.sql(DELETE_TENANT_JOBS).param("tenantId", tenant.id()).update();
        }
    }

    /**
     * Checks one job's move against the table and the outbox rule.
     *
     * @return the move, if the job moved
     */
    private static Set<String> checkedMove(UUID id, Snapshot before, Snapshot after) {
        if (before == null) {
            assertThat(after.state().isInitial())
                    .as("job %s was created %s, not an initial state", id, after.state())
                    .isTrue();
            assertOutboxRows(id, after.state() == JobState.QUEUED ? 1 : 0, after.outboxRows());
            return Set.of("(new) -> " + after.state().wireName());
        }
        if (after == null) {
            assertThat(before.state().isTerminal())
                    .as("job %s was deleted while %s", id, before.state())
                    .isTrue();
            return Set.of(before.state().wireName() + " -> (deleted)");
        }
        boolean queuedAnew = before.state() == JobState.QUEUED
                && after.state() == JobState.QUEUED
                && !after.queuedAt().equals(before.queuedAt());
        // A parked job is queued but not announced: its waking announces it (queued anew).
        boolean becameQueued = before.state() != JobState.QUEUED && after.state() == JobState.QUEUED && !after.parked();
        assertOutboxRows(id, becameQueued || queuedAnew ? 1 : 0, after.outboxRows() - before.outboxRows());
        if (queuedAnew) {
            return Set.of("queued -> queued (anew)");
        }
        if (before.state() == after.state()) {
            return Set.of();
        }
        assertThat(before.state().canTransitionTo(after.state()))
                .as("job %s moved %s -> %s, which JobState does not allow", id, before.state(), after.state())
                .isTrue();
        return Set.of(before.state().wireName() + " -> " + after.state().wireName());
    }

    private static void assertOutboxRows(UUID id, long expected, long written) {
        assertThat(written)
                .as("outbox rows written for job %s (one exactly when it became queued)", id)
                .isEqualTo(expected);
    }

    private void everyStatementRan() throws Exception {
        Map<String, String> writingJobs = statementsThatWriteJobs();
        assertThat(writingJobs)
                .as("statements that write jobs, found in the repositories")
                .isNotEmpty();
        Set<String> missed = new TreeSet<>();
        writingJobs.forEach((sql, name) -> {
            if (!executed.contains(sql)) {
                missed.add(name);
            }
        });
        assertThat(missed)
                .as("statements that write jobs but have no scenario in StateTransitionsIT")
                .isEmpty();
    }

    /** Every SQL constant of a {@code dev.foreman.common} repository that writes jobs, with its name. */
    private static Map<String, String> statementsThatWriteJobs() throws IOException, ReflectiveOperationException {
        Map<String, String> statements = new HashMap<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        CachingMetadataReaderFactory readers = new CachingMetadataReaderFactory(resolver);
        for (Resource resource : resolver.getResources("classpath*:dev/foreman/common/**/*Repository.class")) {
            String className =
                    readers.getMetadataReader(resource).getClassMetadata().getClassName();
            Class<?> repository = Class.forName(className);
            for (Field field : repository.getDeclaredFields()) {
                if (field.getType() == String.class && Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    String sql = (String) field.get(null);
                    if (WRITES_JOBS.matcher(sql).find()) {
                        statements.put(sql, repository.getSimpleName() + "." + field.getName());
                    }
                }
            }
        }
        return statements;
    }

    /** A JdbcClient that notes the text of every statement it is given. */
    private static JdbcClient recording(JdbcClient jdbc, Set<String> executed) {
        return sql -> {
            executed.add(sql);
            return jdbc.sql(sql);
        };
    }

    private StoredRows insertOneJobInEachState(UUID tenantId) {
        Map<UUID, Integer> attempts = new HashMap<>();
        for (JobState state : JobState.values()) {
            attempts.put(insertJob(tenantId, state, 1, 5), 1);
        }
        attempts.put(insertJob(tenantId, JobState.RUNNING, 5, 5), 5);
        return new StoredRows(tenantId, attempts);
    }

    private UUID insertJob(UUID tenantId, JobState state, int attempt, int maxAttempts) {
        UUID id = UUID.randomUUID();
        boolean running = state == JobState.RUNNING;
        jdbc.sql(INSERT_JOB_IN_STATE)
                .param("id", id)
                .param("tenantId", tenantId)
                .param("state", state.wireName())
                .param("attempt", attempt)
                .param("maxAttempts", maxAttempts)
                .param("longAgo", SqlTime.param(LONG_AGO))
                .param("idempotencyKey", "key-" + id)
                .param("leaseOwner", running ? OWNER : null)
                .param("leaseExpiresAt", running ? SqlTime.param(LONG_AGO) : null)
                .update();
        return id;
    }

    private Map<UUID, Snapshot> snapshot(UUID tenantId) {
        Map<UUID, Snapshot> rows = new HashMap<>();
        jdbc.sql(SNAPSHOT).param("tenantId", tenantId).query(rs -> {
            rows.put(
                    rs.getObject("id", UUID.class),
                    new Snapshot(
                            JobState.fromWireName(rs.getString("state")),
                            SqlTime.read(rs, "queued_at"),
                            rs.getBoolean("parked"),
                            rs.getLong("outbox_rows")));
        });
        return rows;
    }

    /**
     * Two new jobs (one due now, one later), and one repeating the idempotency key of each stored
     * job: those must leave the stored jobs as they are.
     */
    private static List<TenantValidatedJob> newJobsRepeatingEveryKey(StoredRows rows) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        List<ValidatedJob> newJobs = new ArrayList<>();
        newJobs.add(Jobs.aJob(clock).build());
        newJobs.add(Jobs.aJob(clock).dueAt(NOW.plusSeconds(60)).build());
        for (UUID id : rows.ids()) {
            newJobs.add(Jobs.aJob(clock).withIdempotencyKey("key-" + id).build());
        }
        return newJobs.stream()
                .map(job -> new TenantValidatedJob(rows.tenantId(), job))
                .toList();
    }

    /** A report from the lease holder for each stored job's current attempt. */
    private static List<AttemptFinish> finishes(StoredRows rows, JobState next) {
        return rows.ids().stream()
                .map(id -> new AttemptFinish(
                        id,
                        rows.attempts().get(id),
                        OWNER,
                        next,
                        next == JobState.RETRYING ? NOW.plusSeconds(30) : null,
                        next == JobState.SUCCEEDED ? AttemptOutcome.SUCCEEDED : AttemptOutcome.FAILED,
                        next == JobState.SUCCEEDED ? 200 : 503,
                        null,
                        next == JobState.SUCCEEDED ? null : "HTTP 503",
                        LONG_AGO,
                        5))
                .toList();
    }

    /** One statement, run against the stored jobs, and the moves it must make among them. */
    private record Scenario(Set<String> moves, Consumer<StoredRows> statement) {}

    /**
     * The jobs a scenario starts from, with their attempt numbers: one per state, and a running one
     * whose budget is spent.
     */
    private record StoredRows(UUID tenantId, Map<UUID, Integer> attempts) {
        List<UUID> ids() {
            return List.copyOf(attempts.keySet());
        }
    }

    private record Snapshot(JobState state, Instant queuedAt, boolean parked, long outboxRows) {}
}
