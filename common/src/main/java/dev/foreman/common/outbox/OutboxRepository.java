package dev.foreman.common.outbox;

import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Priority;
import dev.foreman.common.job.SqlTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one home of SQL on {@code outbox}. Rows are written in the transaction that makes a job
 * queued, and deleted by a relay only after Kafka acknowledged their records.
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
        jdbc.sql(ENQUEUE_ALL)
                .param("now", SqlTime.param(now))
                .param("jobIds", jobs.stream().map(j -> j.id().toString()).toArray(String[]::new))
                .param(
                        "tenantIds",
                        jobs.stream().map(j -> j.tenantId().toString()).toArray(String[]::new))
                .param("queues", jobs.stream().map(DueJob::queue).toArray(String[]::new))
                .param(
                        "priorities",
                        jobs.stream().map(j -> j.priority().wireName()).toArray(String[]::new))
                .update();
    }

    private static final String LOCK_OLDEST = """
            SELECT id, job_id, tenant_id, queue, priority, created_at
            FROM outbox
            ORDER BY id
            LIMIT :limit
            FOR UPDATE SKIP LOCKED
            """;

    /**
     * Locks up to {@code limit} of the oldest rows no other relay holds. The locks last until the
     * caller's transaction ends, so call it inside one and delete what was published before commit.
     */
    public List<OutboxEntry> lockOldest(int limit) {
        return jdbc.sql(LOCK_OLDEST)
                .param("limit", limit)
                .query((rs, n) -> new OutboxEntry(
                        rs.getLong("id"),
                        rs.getObject("job_id", UUID.class),
                        rs.getObject("tenant_id", UUID.class),
                        rs.getString("queue"),
                        Priority.fromWireName(rs.getString("priority")),
                        SqlTime.read(rs, "created_at")))
                .list();
    }

    private static final String DELETE_ALL = """
            DELETE FROM outbox
            WHERE id = ANY(:ids::bigint[])
            """;

    public void deleteAll(List<OutboxEntry> entries) {
        jdbc.sql(DELETE_ALL)
                .param("ids", entries.stream().map(e -> String.valueOf(e.id())).toArray(String[]::new))
                .update();
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
