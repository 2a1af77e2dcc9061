package dev.foreman.common.outbox;

import dev.foreman.common.job.DueJob;
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
 * The one home of SQL on {@code outbox}. Rows are written in the transaction that makes a job
 * queued, and deleted only after Kafka acknowledged their records: by a relay, in a transaction
 * that commits after the acknowledgements, or by the submitter that published them itself.
 */
public class OutboxRepository {
    private final JdbcClient jdbc;

    public OutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String ENQUEUE_ALL = """
            INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at)
            SELECT j.job_id, j.tenant_id, j.queue, j.priority, CAST(:now AS timestamptz)
            FROM unnest(:jobIds::uuid[], :tenantIds::uuid[], :queues::text[], :priorities::text[])
                 AS j(job_id, tenant_id, queue, priority)
            """;

    /** Adds an outbox row per job, in one statement. Call inside the transaction that queued them. */
    public void enqueueAll(List<DueJob> jobs, Instant now) {
        if (jobs.isEmpty()) {
            return;
        }
        withJobs(jdbc.sql(ENQUEUE_ALL), jobs).param("now", SqlTime.param(now)).update();
    }

    /** Binds the four columns of an outbox row that come from its job, as the arrays both inserts unnest. */
    private static JdbcClient.StatementSpec withJobs(JdbcClient.StatementSpec statement, List<DueJob> jobs) {
        return statement
                .param("jobIds", jobs.stream().map(j -> j.id().toString()).toArray(String[]::new))
                .param(
                        "tenantIds",
                        jobs.stream().map(j -> j.tenantId().toString()).toArray(String[]::new))
                .param("queues", jobs.stream().map(DueJob::queue).toArray(String[]::new))
                .param(
                        "priorities",
                        jobs.stream().map(j -> j.priority().wireName()).toArray(String[]::new));
    }

    private static final String ENQUEUE_FOR_PUBLISHER = """
            INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at, relay_after)
            SELECT j.job_id, j.tenant_id, j.queue, j.priority, CAST(:now AS timestamptz),
                   CAST(:relayAfter AS timestamptz)
            FROM unnest(:jobIds::uuid[], :tenantIds::uuid[], :queues::text[], :priorities::text[])
                 AS j(job_id, tenant_id, queue, priority)
            RETURNING id, job_id, tenant_id, queue, priority, created_at
            """;

    /**
     * Adds an outbox row per job, in one statement, for a caller that publishes the rows itself
     * once its transaction commits: relays leave them until {@code relayAfter}, and take them only
     * if they are still there then (the caller crashed, or Kafka refused them). Call inside the
     * transaction that queued the jobs.
     *
     * @return the rows written, oldest first, to publish and then {@linkplain #deletePublished delete}
     */
    public List<OutboxEntry> enqueueForPublisher(List<DueJob> jobs, Instant now, Instant relayAfter) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        return withJobs(jdbc.sql(ENQUEUE_FOR_PUBLISHER), jobs)
                .param("now", SqlTime.param(now))
                .param("relayAfter", SqlTime.param(relayAfter))
                .query(OutboxRepository::entry)
                .list()
                .stream()
                .sorted(Comparator.comparingLong(OutboxEntry::id))
                .toList();
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
            RETURNING id, job_id, tenant_id, queue, priority, created_at
            """;

    /**
     * Deletes up to {@code limit} of the oldest rows no other relay holds and no publisher still
     * owns at {@code now} (see {@link #enqueueForPublisher}), and returns them, oldest first. Until
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
                SqlTime.read(rs, "created_at"));
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
