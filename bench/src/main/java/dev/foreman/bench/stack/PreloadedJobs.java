package dev.foreman.bench.stack;

import dev.foreman.bench.report.Progress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Fills the database with jobs before the services start, so a scenario measures Foreman on tables
 * that already hold what months of use leave (issue #21: 10 million finished jobs and a million
 * waiting). Rows are written by {@code INSERT … SELECT FROM generate_series}, a chunk per
 * statement, straight into the tables; the {@code jobs} triggers still keep the job-count summary
 * (one delta row per chunk), but the session records no job events, which nobody could watch.
 *
 * <ul>
 *   <li><em>Finished</em>: {@code succeeded} jobs with one attempt each in {@code job_attempts},
 *       finished over the six days before now (inside the default seven-day retention of succeeded
 *       jobs, so the retention sweeper leaves them while the bench runs).
 *   <li><em>Waiting</em>: {@code scheduled} jobs created over the hour before now, each due a day
 *       after it was created (so in 23 to 24 hours). They stand for a
 *       deep queue that indexes and every query over non-terminal jobs must step over; they are
 *       not {@code queued}, because a queued job without a Kafka record is what the scheduler's
 *       lost-job check republishes, and a million deliveries would be the whole run.
 * </ul>
 *
 * Ids are time-ordered like Foreman's own (UUIDv7 layout: the job's time in the first 48 bits), so
 * the primary key's index grows as it does in use. Afterwards {@code VACUUM ANALYZE} settles the
 * tables, so no autovacuum of the load runs into the measured scenarios.
 */
public final class PreloadedJobs {
    /** Rows per statement: large enough to be quick, small enough for the triggers' transition tables. */
    static final int CHUNK = 250_000;

    static final String QUEUE = "bench-preloaded";
    private static final Duration FINISHED_OVER = Duration.ofDays(6);
    private static final Duration WAITING_OVER = Duration.ofHours(1);

    // :from + g * :step, as UUIDv7: 48 bits of milliseconds, version 7, 12 bits and the variant, 62 bits from md5(g).
    private static final String ID_OF_ROW = """
            CAST(lpad(to_hex(CAST(floor(extract(EPOCH FROM at) * 1000) AS bigint)), 12, '0')
                 || '7' || substr(md5(CAST(g AS text) || CAST(? AS text)), 1, 3)
                 || '8' || substr(md5(CAST(g AS text) || CAST(? AS text)), 4, 15) AS uuid)""";

    private static final String INSERT_FINISHED = """
            WITH rows AS (
                SELECT g, CAST(? AS timestamptz) + g * CAST(? AS bigint) * INTERVAL '1 microsecond' AS at
                FROM generate_series(CAST(? AS bigint), CAST(? AS bigint)) AS g
            ),
            inserted AS (
                INSERT INTO jobs (id, tenant_id, queue, type, priority, state, attempt, max_attempts, run_at,
                                  created_at, updated_at, queued_at, started_at, finished_at, target_url,
                                  target_method, payload, timeout_ms, min_backoff_ms, max_backoff_ms,
                                  max_doublings, result_status, result_duration_ms)
                SELECT %s, CAST(? AS uuid), '%s', 'bench.preloaded', 'normal', 'succeeded', 1, 3, at,
                       at, at + INTERVAL '20 milliseconds', at, at + INTERVAL '10 milliseconds',
                       at + INTERVAL '20 milliseconds', 'http://127.0.0.1:9/preloaded', 'POST',
                       '{"preloaded": true}', 30000, 1000, 3600000, 10, 200, 10
                FROM rows
                RETURNING id, started_at, finished_at
            )
            INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, http_status,
                                      duration_ms)
            SELECT id, 1, 'bench-preload', started_at, finished_at, 'succeeded', 200, 10
            FROM inserted
            """.formatted(ID_OF_ROW, QUEUE);

    private static final String INSERT_WAITING = """
            WITH rows AS (
                SELECT g, CAST(? AS timestamptz) + g * CAST(? AS bigint) * INTERVAL '1 microsecond' AS at
                FROM generate_series(CAST(? AS bigint), CAST(? AS bigint)) AS g
            )
            INSERT INTO jobs (id, tenant_id, queue, type, priority, state, attempt, max_attempts, run_at,
                              created_at, updated_at, target_url, target_method, payload, timeout_ms,
                              min_backoff_ms, max_backoff_ms, max_doublings)
            SELECT %s, CAST(? AS uuid), '%s', 'bench.preloaded', 'normal', 'scheduled', 0, 3,
                   at + INTERVAL '1 day', at, at, 'http://127.0.0.1:9/preloaded', 'POST', '{"preloaded": true}',
                   30000, 1000, 3600000, 10
            FROM rows
            """.formatted(ID_OF_ROW, QUEUE);

    private static final String NO_EVENTS = "SET foreman.job_events = 'off'";
    // Loading is set-up, not measured: one fsync per chunk would only make it slower.
    private static final String NO_WAIT_FOR_FLUSH = "SET synchronous_commit = 'off'";
    private static final String SETTLE = "VACUUM ANALYZE %s";
    private static final String RESET_EVENTS = "RESET foreman.job_events";
    private static final String RESET_COMMIT = "RESET synchronous_commit";

    private PreloadedJobs() {}

    /**
     * How many jobs to load before the services start.
     *
     * @param finished succeeded jobs (each with its attempt), finished over the last six days
     * @param waiting scheduled jobs created over the last hour, each due a day after its creation
     */
    public record Preload(long finished, long waiting) {
        public static final Preload NONE = new Preload(0, 0);

        public Preload {
            if (finished < 0 || waiting < 0) {
                throw new IllegalArgumentException("preloaded job counts must not be negative");
            }
        }

        public boolean any() {
            return finished > 0 || waiting > 0;
        }
    }

    /** Loads {@code preload} as jobs of {@code tenantId} in queue {@value #QUEUE}; returns how long it took. */
    public static Duration load(DataSource dataSource, UUID tenantId, Preload preload, Instant now) {
        long started = System.nanoTime();
        String salt = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            execute(connection, NO_EVENTS, NO_WAIT_FOR_FLUSH);
            try {
                insertInChunks(
                        connection,
                        INSERT_FINISHED,
                        preload.finished(),
                        now.minus(FINISHED_OVER),
                        FINISHED_OVER,
                        tenantId,
                        salt,
                        "finished");
                insertInChunks(
                        connection,
                        INSERT_WAITING,
                        preload.waiting(),
                        now.minus(WAITING_OVER),
                        WAITING_OVER,
                        tenantId,
                        salt,
                        "waiting");
                Progress.say("preload: VACUUM ANALYZE of jobs and job_attempts");
                execute(connection, SETTLE.formatted("jobs"), SETTLE.formatted("job_attempts"));
            } finally {
                // The connection goes back to a pool: later users must not inherit the load's settings.
                execute(connection, RESET_EVENTS, RESET_COMMIT);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Preloading jobs failed", e);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Inserts {@code count} rows with {@code sql}, their times (created, and for finished jobs also
     * finished) spread evenly over {@code over} from {@code from}.
     */
    private static void insertInChunks(
            Connection connection,
            String sql,
            long count,
            Instant from,
            Duration over,
            UUID tenantId,
            String salt,
            String what)
            throws SQLException {
        if (count == 0) {
            return;
        }
        long stepMicros = Math.max(1, over.toNanos() / 1000 / count);
        for (long first = 0; first < count; first += CHUNK) {
            long last = Math.min(count, first + CHUNK) - 1;
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                int p = 1;
                insert.setObject(p++, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                insert.setLong(p++, stepMicros);
                insert.setLong(p++, first);
                insert.setLong(p++, last);
                insert.setString(p++, salt);
                insert.setString(p++, salt);
                insert.setObject(p, tenantId);
                insert.executeUpdate();
            }
            Progress.say("preload: %,d of %,d %s jobs", last + 1, count, what);
        }
    }
}
