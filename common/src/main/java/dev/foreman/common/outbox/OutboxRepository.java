package dev.foreman.common.outbox;

import dev.foreman.common.job.Priority;
import dev.foreman.common.job.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads and deletes rows of {@code outbox}. Rows are written by the very statements of
 * {@link dev.foreman.common.job.JobRepository} that make jobs queued, and deleted only after Kafka
 * acknowledged their records: by a relay, in a transaction that commits after the
 * acknowledgements, or by the submitter that published them itself.
 */
public class OutboxRepository {
    private final JdbcClient jdbc;

    public OutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String DELETE_PUBLISHED = """
            DELETE FROM outbox
            WHERE id = ANY(:ids::bigint[])
            """;

    /**
     * Deletes rows whose records Kafka acknowledged, in one statement; a row a relay took (and
     * deleted) meanwhile is simply not there.
     *
     * @return how many rows were deleted
     */
    public int deletePublished(List<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.sql(DELETE_PUBLISHED)
                .param("ids", ids.stream().map(String::valueOf).toArray(String[]::new))
                .update();
    }

    // The job's trace context rides along so the record continues it (a promoted, retried or
    // re-published job's attempt joins the trace it was submitted in): one primary-key lookup per row.
    // ARRAY(...) runs the locking subquery once, before the delete scans anything. Written as
    // id IN (SELECT ...), the planner may join it to a sequential scan of the outbox and, on a
    // table whose statistics still say "nearly empty" while a backlog of 30,000 rows sits in it,
    // took seconds per batch.
    private static final String DELETE_OLDEST = """
            DELETE FROM outbox
            WHERE id = ANY(ARRAY(
                SELECT id
                FROM outbox
                WHERE relay_after <= :now
                ORDER BY id
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ))
            RETURNING id, job_id, tenant_id, queue, priority, created_at,
                      (SELECT jobs.traceparent FROM jobs WHERE jobs.id = outbox.job_id) AS traceparent
            """;

    /**
     * Deletes up to {@code limit} of the oldest rows no other relay holds and no publisher still
     * owns at {@code now} (its {@code relay_after}, see
     * {@link dev.foreman.common.job.JobRepository#insertAllSkippingKnownIdempotencyKeys(List, Instant, Instant)}), and returns them, oldest first. Until
     * the caller's transaction ends the rows stay locked (other relays skip them) and the delete
     * can be undone: call it inside a transaction, publish what it returned, and commit only once
     * Kafka acknowledged every record; a rollback puts the rows back for the next try.
     * One statement instead of a lock and a delete saves the relay a round trip per batch.
     */
    public List<OutboxEntry> deleteOldest(int limit, Instant now) {
        return jdbc
                .sql(DELETE_OLDEST)
                .param("limit", limit)
                .param("now", SqlTime.param(now))
                .query(OutboxRepository::entry)
                .list()
                .stream()
                // RETURNING keeps no order; publishing oldest first keeps the queue roughly FIFO.
                .sorted(Comparator.comparingLong(OutboxEntry::id))
                .toList();
    }

    private static OutboxEntry entry(ResultSet rs, int rowNum) throws SQLException {
        return new OutboxEntry(
                rs.getLong("id"),
                rs.getObject("job_id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("queue"),
                Priority.fromWireName(rs.getString("priority")),
                SqlTime.read(rs, "created_at"),
                rs.getString("traceparent"));
    }

    private static final String COUNT = """
            SELECT count(*)
            FROM outbox
            """;

    /** Rows not yet published: the relay's backlog. */
    public long count() {
        return jdbc.sql(COUNT).query(Long.class).single();
    }
}
