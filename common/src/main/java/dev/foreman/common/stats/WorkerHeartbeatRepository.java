package dev.foreman.common.stats;

import dev.foreman.common.job.SqlTime;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The worker instances' heartbeats: one row per worker id, its last beat. */
public class WorkerHeartbeatRepository {
    private final JdbcClient jdbc;

    public WorkerHeartbeatRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String RECORD_HEARTBEAT = """
            INSERT INTO worker_heartbeats (worker_id, seen_at)
            VALUES (:workerId, :now)
            ON CONFLICT (worker_id) DO UPDATE
            SET seen_at = excluded.seen_at
            """;

    /** Records that worker {@code workerId} was alive at {@code now}. */
    public void recordHeartbeat(String workerId, Instant now) {
        jdbc.sql(RECORD_HEARTBEAT)
                .param("workerId", workerId)
                .param("now", SqlTime.param(now))
                .update();
    }

    private static final String DELETE_HEARTBEAT = """
            DELETE FROM worker_heartbeats
            WHERE worker_id = :workerId
            """;

    /** Forgets a worker that stops cleanly, so it stops counting as live at once. */
    public void deleteHeartbeat(String workerId) {
        jdbc.sql(DELETE_HEARTBEAT).param("workerId", workerId).update();
    }

    private static final String COUNT_SEEN_SINCE = """
            SELECT count(*)
            FROM worker_heartbeats
            WHERE seen_at >= :since
            """;

    /** Workers whose last heartbeat is at or after {@code since}. */
    public int countSeenSince(Instant since) {
        return jdbc.sql(COUNT_SEEN_SINCE)
                .param("since", SqlTime.param(since))
                .query(Integer.class)
                .single();
    }

    private static final String DELETE_SEEN_BEFORE = """
            DELETE FROM worker_heartbeats
            WHERE seen_at < :before
            """;

    /** Forgets workers not seen since {@code before} (crashed ones leave their row behind). */
    public int deleteSeenBefore(Instant before) {
        return jdbc.sql(DELETE_SEEN_BEFORE)
                .param("before", SqlTime.param(before))
                .update();
    }
}
