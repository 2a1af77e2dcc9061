package dev.foreman.common.queue;

import dev.foreman.common.job.JobState;
import dev.foreman.common.job.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A tenant's queues: their settings (the {@code queues} table), their depth, and purge. */
public class QueueRepository {
    private final JdbcClient jdbc;

    public QueueRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String FIND_SETTINGS = """
            SELECT *
            FROM queues
            WHERE tenant_id = :tenantId
              AND name = :name
            """;

    /** The settings stored for the queue; empty when nobody changed them. */
    public Optional<QueueSettings> findSettings(UUID tenantId, String name) {
        return jdbc.sql(FIND_SETTINGS)
                .param("tenantId", tenantId)
                .param("name", name)
                .query(QueueRepository::settings)
                .optional();
    }

    private static final String FIND_ALL_SETTINGS = """
            SELECT *
            FROM queues
            WHERE tenant_id = :tenantId
            ORDER BY name
            """;

    /** Every queue of the tenant whose settings were changed, by name. */
    public List<QueueSettings> findAllSettings(UUID tenantId) {
        return jdbc.sql(FIND_ALL_SETTINGS)
                .param("tenantId", tenantId)
                .query(QueueRepository::settings)
                .list();
    }

    private static final String SAVE_SETTINGS = """
            INSERT INTO queues (tenant_id, name, paused, max_concurrency, rate_per_second, rate_burst,
                                created_at, updated_at)
            VALUES (:tenantId, :name, :paused, :maxConcurrency, :ratePerSecond, :rateBurst, :now, :now)
            ON CONFLICT (tenant_id, name) DO UPDATE
            SET paused = EXCLUDED.paused,
                max_concurrency = EXCLUDED.max_concurrency,
                rate_per_second = EXCLUDED.rate_per_second,
                rate_burst = EXCLUDED.rate_burst,
                updated_at = EXCLUDED.updated_at
            RETURNING *
            """;

    /** Stores every setting of the queue, creating its row if it had none. */
    public QueueSettings saveSettings(QueueSettings settings, Instant now) {
        return jdbc.sql(SAVE_SETTINGS)
                .param("tenantId", settings.tenantId())
                .param("name", settings.name())
                .param("paused", settings.paused())
                .param("maxConcurrency", settings.maxConcurrency())
                .param("ratePerSecond", settings.ratePerSecond())
                .param("rateBurst", settings.rateBurst())
                .param("now", SqlTime.param(now))
                .query(QueueRepository::settings)
                .single();
    }

    // A claim reads a paused queue's row FOR SHARE, so this update waits for any claim that is
    // parking the queue's jobs right now; once it returns, resume finds every one of them.
    private static final String SET_PAUSED = """
            INSERT INTO queues (tenant_id, name, paused, created_at, updated_at)
            VALUES (:tenantId, :name, :paused, :now, :now)
            ON CONFLICT (tenant_id, name) DO UPDATE
            SET paused = EXCLUDED.paused,
                updated_at = EXCLUDED.updated_at
            RETURNING *
            """;

    /** Pauses or resumes the queue, creating its row if it had none. */
    public QueueSettings setPaused(UUID tenantId, String name, boolean paused, Instant now) {
        return jdbc.sql(SET_PAUSED)
                .param("tenantId", tenantId)
                .param("name", name)
                .param("paused", paused)
                .param("now", SqlTime.param(now))
                .query(QueueRepository::settings)
                .single();
    }

    private static final String COUNT_BY_QUEUE_AND_STATE = """
            SELECT queue, state, count(*) AS jobs, min(queued_at) AS oldest_queued_at
            FROM jobs
            WHERE tenant_id = :tenantId
              AND (CAST(:queue AS text) IS NULL OR queue = :queue)
            GROUP BY queue, state
            ORDER BY queue
            """;

    /**
     * The depth of each of the tenant's queues that any job names, or of {@code queue} alone when
     * it is not null; a queue without jobs is missing.
     */
    public Map<String, QueueDepth> countByQueueAndState(UUID tenantId, String queue) {
        Map<String, Map<JobState, Long>> counts = new LinkedHashMap<>();
        Map<String, Instant> oldest = new LinkedHashMap<>();
        jdbc.sql(COUNT_BY_QUEUE_AND_STATE)
                .param("tenantId", tenantId)
                .param("queue", queue)
                .query(rs -> {
                    String name = rs.getString("queue");
                    JobState state = JobState.fromWireName(rs.getString("state"));
                    counts.computeIfAbsent(name, n -> new EnumMap<>(JobState.class))
                            .put(state, rs.getLong("jobs"));
                    if (state == JobState.QUEUED) {
                        oldest.put(name, SqlTime.read(rs, "oldest_queued_at"));
                    }
                });
        Map<String, QueueDepth> depths = new LinkedHashMap<>();
        counts.forEach((name, byState) -> depths.put(name, new QueueDepth(name, byState, oldest.get(name))));
        return depths;
    }

    // Plain FOR UPDATE rather than SKIP LOCKED: a job the promoter is queueing right now must not be
    // skipped, and the lock is short. A batch at a time, so a huge queue never holds a long lock.
    private static final String PURGE = """
            WITH picked AS (
                SELECT id
                FROM jobs
                WHERE tenant_id = :tenantId
                  AND queue = :queue
                  AND state = ANY(:states::text[])
                LIMIT :limit
                FOR UPDATE
            ),
            purged AS (
                UPDATE jobs
                SET state = 'cancelled',
                    finished_at = :now,
                    last_error = :reason,
                    updated_at = :now
                FROM picked
                WHERE jobs.id = picked.id
                  AND jobs.state = ANY(:states::text[])
                RETURNING jobs.id
            ),
            held AS (
                INSERT INTO job_holds (job_id, reason, first_at, last_at, times)
                SELECT id, 'purged', CAST(:now AS timestamptz), CAST(:now AS timestamptz), 1
                FROM purged
                ON CONFLICT (job_id, reason) DO NOTHING
            )
            SELECT count(*)
            FROM purged
            """;

    /**
     * Cancels up to {@code limit} of the queue's jobs in {@code states} (which never include
     * running or terminal ones), recording the purge in their timeline.
     *
     * @return how many were cancelled; 0 once none is left
     */
    public int purgeBatch(UUID tenantId, String queue, Collection<JobState> states, Instant now, int limit) {
        return jdbc.sql(PURGE)
                .param("tenantId", tenantId)
                .param("queue", queue)
                .param("states", states.stream().map(JobState::wireName).toArray(String[]::new))
                .param("reason", "cancelled by a purge of queue " + queue)
                .param("limit", limit)
                .param("now", SqlTime.param(now))
                .query(Integer.class)
                .single();
    }

    private static final String FIND_HOLDS = """
            SELECT job_holds.reason, job_holds.first_at, job_holds.last_at, job_holds.times
            FROM job_holds
            JOIN jobs ON jobs.id = job_holds.job_id
            WHERE jobs.tenant_id = :tenantId
              AND job_holds.job_id = :jobId
            ORDER BY job_holds.first_at
            """;

    /** Where flow control delayed or ended the tenant's job, first hold first. */
    public List<JobHold> findHolds(UUID tenantId, UUID jobId) {
        List<JobHold> holds = new ArrayList<>();
        jdbc.sql(FIND_HOLDS).param("tenantId", tenantId).param("jobId", jobId).query(rs -> {
            holds.add(new JobHold(
                    rs.getString("reason"),
                    SqlTime.read(rs, "first_at"),
                    SqlTime.read(rs, "last_at"),
                    rs.getInt("times")));
        });
        return holds;
    }

    private static QueueSettings settings(ResultSet rs, int n) throws SQLException {
        return new QueueSettings(
                rs.getObject("tenant_id", UUID.class),
                rs.getString("name"),
                rs.getBoolean("paused"),
                rs.getObject("max_concurrency", Integer.class),
                rs.getObject("rate_per_second", Double.class),
                rs.getObject("rate_burst", Integer.class));
    }
}
