package dev.foreman.common.events;

import dev.foreman.common.job.SqlTime;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Takes the recorded job events out of {@code job_events} for publishing. Only one relay may
 * publish at a time ({@link #tryLockRelay}), or two batches could reach Redis in the wrong order
 * and a job's {@code succeeded} arrive before its {@code running}.
 */
public class JobEventRepository {
    /** The transaction-level advisory lock that makes one event relay publish at a time. */
    static final long RELAY_LOCK = 0x466f72656d616e45L; // "ForemanE"

    private final JdbcClient jdbc;

    public JobEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String TRY_LOCK_RELAY = """
            SELECT pg_try_advisory_xact_lock(:lock)
            """;

    /** Whether this transaction is now the one relay; the lock ends with the transaction. */
    public boolean tryLockRelay() {
        return jdbc.sql(TRY_LOCK_RELAY)
                .param("lock", RELAY_LOCK)
                .query(Boolean.class)
                .single();
    }

    private static final String DELETE_OLDEST = """
            DELETE FROM job_events
            WHERE id = ANY(ARRAY(
                SELECT id
                FROM job_events
                ORDER BY id
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ))
            RETURNING id, tenant_id, job_id, queue, type, priority, from_state, state, attempt, at
            """;

    /**
     * Deletes and returns up to {@code limit} of the oldest events, oldest first. Call it in the
     * transaction that holds {@link #tryLockRelay}, and commit only once the events are published:
     * a rollback keeps them for the next try.
     */
    public List<RecordedJobEvent> deleteOldest(int limit) {
        return jdbc
                .sql(DELETE_OLDEST)
                .param("limit", limit)
                .query((rs, row) -> new RecordedJobEvent(
                        rs.getLong("id"),
                        rs.getObject("tenant_id", UUID.class),
                        rs.getObject("job_id", UUID.class),
                        rs.getString("queue"),
                        rs.getString("type"),
                        rs.getString("priority"),
                        rs.getString("from_state"),
                        rs.getString("state"),
                        rs.getInt("attempt"),
                        SqlTime.read(rs, "at")))
                .list()
                .stream()
                .sorted(Comparator.comparingLong(RecordedJobEvent::seq))
                .toList();
    }
}
