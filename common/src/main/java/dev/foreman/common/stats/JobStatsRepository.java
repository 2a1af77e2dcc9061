package dev.foreman.common.stats;

import dev.foreman.common.job.SqlTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads and folds the job-count summary that the {@code jobs} triggers (migration V30) keep. The
 * triggers append deltas; {@link #foldCountDeltas} moves them into {@code job_counts} and
 * {@code job_throughput}; every read adds the deltas not folded yet, so a count is exact at the
 * reader's snapshot however far the fold lags.
 */
public class JobStatsRepository {
    private final JdbcClient jdbc;

    public JobStatsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // The oldest deltas no other folder holds, summed into the counts and the per-minute
    // throughput in the same statement, so a reader sees a delta in exactly one of the two tables.
    // Sorted inserts take the count rows' locks in one order in every folder: no deadlock.
    private static final String FOLD_COUNT_DELTAS = """
            WITH taken AS (
                DELETE FROM job_count_deltas
                WHERE id = ANY(ARRAY(
                    SELECT id
                    FROM job_count_deltas
                    ORDER BY id
                    LIMIT :limit
                    FOR UPDATE SKIP LOCKED
                ))
                RETURNING tenant_id, queue, state, priority, delta, recorded_at
            ),
            counted AS (
                INSERT INTO job_counts AS c (tenant_id, queue, state, priority, n)
                SELECT tenant_id, queue, state, priority, sum(delta)
                FROM taken
                GROUP BY tenant_id, queue, state, priority
                ORDER BY tenant_id, queue, state, priority
                ON CONFLICT (tenant_id, queue, state, priority) DO UPDATE
                SET n = c.n + excluded.n
                RETURNING 1
            ),
            finished AS (
                INSERT INTO job_throughput AS t (tenant_id, minute, state, n)
                SELECT tenant_id, date_trunc('minute', recorded_at), state, sum(delta)
                FROM taken
                WHERE state IN ('succeeded', 'dead')
                  AND delta > 0
                GROUP BY tenant_id, date_trunc('minute', recorded_at), state
                ORDER BY 1, 2, 3
                ON CONFLICT (tenant_id, minute, state) DO UPDATE
                SET n = t.n + excluded.n
                RETURNING 1
            )
            SELECT count(*)
            FROM taken
            """;

    /**
     * Folds up to {@code limit} of the oldest count deltas into the counts and the throughput.
     * Any number of callers may run it at once (each takes rows the others do not hold).
     *
     * @return how many deltas were folded; fewer than {@code limit} means none are left
     */
    public int foldCountDeltas(int limit) {
        return jdbc.sql(FOLD_COUNT_DELTAS)
                .param("limit", limit)
                .query(Integer.class)
                .single();
    }

    private static final String DELETE_THROUGHPUT_BEFORE = """
            DELETE FROM job_throughput
            WHERE minute < :before
            """;

    /** Forgets the throughput of minutes before {@code before}; the chart shows the last 15. */
    public int deleteThroughputBefore(Instant before) {
        return jdbc.sql(DELETE_THROUGHPUT_BEFORE)
                .param("before", SqlTime.param(before))
                .update();
    }

    private static final String COUNT_BY_QUEUE_STATE_PRIORITY = """
            SELECT queue, state, priority, sum(n) AS n
            FROM (
                SELECT queue, state, priority, n
                FROM job_counts
                WHERE tenant_id = :tenantId
                UNION ALL
                SELECT queue, state, priority, delta
                FROM job_count_deltas
                WHERE tenant_id = :tenantId
            ) AS summary
            GROUP BY queue, state, priority
            HAVING sum(n) <> 0
            """;

    /** The tenant's job counts per queue, state and priority, only the non-zero ones. */
    public List<StateCount> countByQueueStatePriority(UUID tenantId) {
        return jdbc.sql(COUNT_BY_QUEUE_STATE_PRIORITY)
                .param("tenantId", tenantId)
                .query((rs, row) -> new StateCount(
                        rs.getString("queue"), rs.getString("state"), rs.getString("priority"), rs.getLong("n")))
                .list();
    }

    // Minutes by the database's clock, the one the triggers stamp the deltas with.
    private static final String FINISHED_PER_MINUTE = """
            SELECT minute, state, sum(n) AS n
            FROM (
                SELECT minute, state, n
                FROM job_throughput
                WHERE tenant_id = :tenantId
                  AND minute >= date_trunc('minute', now()) - make_interval(mins => :minutes - 1)
                UNION ALL
                SELECT date_trunc('minute', recorded_at), state, delta
                FROM job_count_deltas
                WHERE tenant_id = :tenantId
                  AND state IN ('succeeded', 'dead')
                  AND delta > 0
            ) AS finished
            WHERE minute >= date_trunc('minute', now()) - make_interval(mins => :minutes - 1)
            GROUP BY minute, state
            """;

    /** Jobs of the tenant that reached succeeded or dead in each of the last {@code minutes} minutes (the current one included). */
    public List<MinuteCount> finishedPerMinute(UUID tenantId, int minutes) {
        return jdbc.sql(FINISHED_PER_MINUTE)
                .param("tenantId", tenantId)
                .param("minutes", minutes)
                .query((rs, row) -> new MinuteCount(SqlTime.read(rs, "minute"), rs.getString("state"), rs.getLong("n")))
                .list();
    }

    private static final String CURRENT_MINUTE = """
            SELECT date_trunc('minute', now()) AS minute
            """;

    /** The start of the current minute by the database's clock, the last bucket of the throughput. */
    public Instant currentMinute() {
        return jdbc.sql(CURRENT_MINUTE)
                .query((rs, row) -> SqlTime.read(rs, "minute"))
                .single();
    }

    // Counted up to a cap: with Kafka down for hours the outbox may hold millions of rows, and a
    // dashboard polling every second must not count them all each time.
    private static final String OUTBOX_BACKLOG = """
            SELECT count(*) AS pending,
                   (SELECT created_at
                    FROM outbox
                    WHERE tenant_id = :tenantId
                    ORDER BY id
                    LIMIT 1) AS oldest
            FROM (
                SELECT 1
                FROM outbox
                WHERE tenant_id = :tenantId
                LIMIT :cap
            ) AS capped
            """;

    /** The tenant's unpublished outbox rows, counted up to {@code cap}, and the oldest one's time. */
    public OutboxBacklog outboxBacklog(UUID tenantId, int cap) {
        return jdbc.sql(OUTBOX_BACKLOG)
                .param("tenantId", tenantId)
                .param("cap", cap)
                .query((rs, row) -> new OutboxBacklog(rs.getLong("pending"), SqlTime.read(rs, "oldest")))
                .single();
    }

    // Every tenant's counts of the states that make up a queue's depth, summed per queue and state.
    // job_counts holds a row per tenant, queue, state and priority, so this reads a few rows per
    // queue however many jobs there are; the deltas not folded yet are added as in the tenant read.
    private static final String COUNT_DEPTH_BY_QUEUE_AND_STATE = """
            SELECT queue, state, sum(n) AS n
            FROM (
                SELECT queue, state, n
                FROM job_counts
                WHERE state IN ('scheduled', 'queued', 'running', 'retrying', 'dead')
                UNION ALL
                SELECT queue, state, delta
                FROM job_count_deltas
                WHERE state IN ('scheduled', 'queued', 'running', 'retrying', 'dead')
            ) AS summary
            GROUP BY queue, state
            HAVING sum(n) <> 0
            """;

    /**
     * Jobs scheduled, queued, running, retrying and dead per queue name, over every tenant: the
     * depth the scheduler's leader publishes as a metric. Only non-zero counts.
     */
    public List<QueueStateCount> countDepthByQueueAndState() {
        return jdbc.sql(COUNT_DEPTH_BY_QUEUE_AND_STATE)
                .query((rs, row) -> new QueueStateCount(rs.getString("queue"), rs.getString("state"), rs.getLong("n")))
                .list();
    }

    // The counts summary, not the jobs table: a few rows per tenant and queue however many jobs
    // there are (counting the jobs themselves took 80 ms at 100,000 delayed jobs and grows with them).
    private static final String COUNT_ACTIVE_BY_TENANT = """
            SELECT tenant_id, sum(n) AS active
            FROM (
                SELECT tenant_id, n
                FROM job_counts
                WHERE state IN ('scheduled', 'queued', 'running', 'retrying')
                UNION ALL
                SELECT tenant_id, delta
                FROM job_count_deltas
                WHERE state IN ('scheduled', 'queued', 'running', 'retrying')
            ) AS summary
            GROUP BY tenant_id
            HAVING sum(n) <> 0
            """;

    /**
     * Non-terminal (scheduled, queued, running, retrying) jobs per tenant, for the
     * {@code max_active_jobs} quota's reconciliation; a tenant without any is absent. Exact at the
     * reader's snapshot, as every read of the summary.
     */
    public Map<UUID, Long> countActiveByTenant() {
        Map<UUID, Long> counts = new HashMap<>();
        jdbc.sql(COUNT_ACTIVE_BY_TENANT).query(rs -> {
            counts.put(rs.getObject("tenant_id", UUID.class), rs.getLong("active"));
        });
        return counts;
    }

    // The oldest queued jobs through jobs_queued_at_idx (queued_at WHERE state = 'queued'): at most
    // :sample index entries and rows, however deep the queues are. A queue none of whose jobs is
    // among them is younger than all of those and is left out.
    private static final String OLDEST_QUEUED_BY_QUEUE = """
            SELECT queue, min(queued_at) AS oldest_queued_at
            FROM (
                SELECT queue, queued_at
                FROM jobs
                WHERE state = 'queued'
                ORDER BY queued_at
                LIMIT :sample
            ) AS oldest
            GROUP BY queue
            """;

    /**
     * When the oldest queued job of each queue was queued, over every tenant, for the queues that
     * have a job among the {@code sample} oldest queued jobs of all (every queue with a queued job
     * when fewer are queued).
     */
    public List<QueueAge> oldestQueuedByQueue(int sample) {
        return jdbc.sql(OLDEST_QUEUED_BY_QUEUE)
                .param("sample", sample)
                .query((rs, row) -> new QueueAge(rs.getString("queue"), SqlTime.read(rs, "oldest_queued_at")))
                .list();
    }

    // Every tenant's outbox, counted up to a cap as in the tenant read; the oldest row is the first
    // by id (rows are numbered as they are written).
    private static final String OUTBOX_BACKLOG_OF_ALL = """
            SELECT count(*) AS pending,
                   (SELECT created_at
                    FROM outbox
                    ORDER BY id
                    LIMIT 1) AS oldest
            FROM (
                SELECT 1
                FROM outbox
                LIMIT :cap
            ) AS capped
            """;

    /** Every tenant's unpublished outbox rows, counted up to {@code cap}, and the oldest one's time. */
    public OutboxBacklog outboxBacklogOfAll(int cap) {
        return jdbc.sql(OUTBOX_BACKLOG_OF_ALL)
                .param("cap", cap)
                .query((rs, row) -> new OutboxBacklog(rs.getLong("pending"), SqlTime.read(rs, "oldest")))
                .single();
    }
}
