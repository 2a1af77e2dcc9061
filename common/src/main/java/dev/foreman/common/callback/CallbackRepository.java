package dev.foreman.common.callback;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRowMapper;
import dev.foreman.common.job.SqlTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The one home of SQL on {@code job_callbacks} and {@code job_callback_deliveries}. */
public class CallbackRepository {
    private final JdbcClient jdbc;

    public CallbackRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String REPORTED_JOB = """
            SELECT (jsonb_populate_record(NULL::jobs, COALESCE(job_callbacks.job_snapshot, to_jsonb(jobs)))).*
            FROM job_callbacks
            JOIN jobs ON jobs.id = job_callbacks.job_id
            WHERE job_callbacks.id = :id
            """;

    /**
     * The job this callback reports, as it was when it ended: a person may have retried it since.
     * A callback queued before that snapshot was kept reports the job as it is now.
     *
     * @return empty when the job, and with it the callback, no longer exists
     */
    public Optional<Job> reportedJob(long callbackId) {
        return jdbc.sql(REPORTED_JOB)
                .param("id", callbackId)
                .query(JobRowMapper.INSTANCE)
                .optional();
    }

    private static final String CLAIM_DUE = """
            WITH due AS (
                SELECT id
                FROM job_callbacks
                WHERE state = 'pending'
                  AND next_attempt_at <= :now
                ORDER BY next_attempt_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ),
            claimed AS (
                UPDATE job_callbacks
                SET deliveries = job_callbacks.deliveries + 1,
                    next_attempt_at = :leaseUntil,
                    updated_at = :now
                FROM due
                WHERE job_callbacks.id = due.id
                RETURNING job_callbacks.id, job_callbacks.job_id, job_callbacks.tenant_id, job_callbacks.url,
                          job_callbacks.deliveries
            )
            SELECT claimed.*, tenants.signing_secret,
                   CASE WHEN tenants.previous_secret_expires_at > :now THEN tenants.previous_signing_secret END
                       AS previous_signing_secret
            FROM claimed
            JOIN tenants ON tenants.id = claimed.tenant_id
            """;

    /**
     * Claims up to {@code limit} due callbacks for one delivery each, without holding a transaction
     * over the HTTP call: the claim pushes {@code next_attempt_at} to {@code leaseUntil}, so a
     * deliverer that dies is replaced once that passes.
     */
    public List<DueCallback> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql(CLAIM_DUE)
                .param("now", SqlTime.param(now))
                .param("leaseUntil", SqlTime.param(leaseUntil))
                .param("limit", limit)
                .query((rs, n) -> new DueCallback(
                        rs.getLong("id"),
                        rs.getObject("job_id", UUID.class),
                        rs.getObject("tenant_id", UUID.class),
                        rs.getString("url"),
                        rs.getInt("deliveries"),
                        rs.getString("signing_secret"),
                        rs.getString("previous_signing_secret")))
                .list();
    }

    private static final String RECORD_DELIVERY = """
            WITH updated AS (
                UPDATE job_callbacks
                SET state = :state,
                    next_attempt_at = :nextAttemptAt,
                    updated_at = :now
                WHERE id = :id
                  AND deliveries = :delivery
                  AND state = 'pending'
                RETURNING id
            )
            INSERT INTO job_callback_deliveries (callback_id, delivery, started_at, finished_at, http_status, error,
                                                 duration_ms)
            SELECT id, CAST(:delivery AS integer), CAST(:startedAt AS timestamptz), CAST(:now AS timestamptz),
                   CAST(:httpStatus AS integer), CAST(:error AS text), CAST(:durationMs AS integer)
            FROM updated
            """;

    /**
     * Records delivery {@code delivery} and moves the callback on: delivered, failed, or pending
     * again at {@code nextAttemptAt}. Fenced on the delivery number, so a deliverer whose claim
     * lapsed and was taken over changes nothing.
     */
    public boolean recordDelivery(
            long id,
            int delivery,
            CallbackState state,
            Instant nextAttemptAt,
            Instant startedAt,
            Integer httpStatus,
            String error,
            int durationMs,
            Instant now) {
        return jdbc.sql(RECORD_DELIVERY)
                        .param("id", id)
                        .param("delivery", delivery)
                        .param("state", state.wireName())
                        .param("nextAttemptAt", SqlTime.param(nextAttemptAt))
                        .param("startedAt", SqlTime.param(startedAt))
                        .param("httpStatus", httpStatus)
                        .param("error", error)
                        .param("durationMs", durationMs)
                        .param("now", SqlTime.param(now))
                        .update()
                == 1;
    }

    private static final String FIND_BY_TENANT_AND_JOB = """
            SELECT id, job_id, url, job_state, state, next_attempt_at, created_at
            FROM job_callbacks
            WHERE tenant_id = :tenantId
              AND job_id = :jobId
            ORDER BY id
            """;

    private static final String FIND_DELIVERIES = """
            SELECT callback_id, delivery, started_at, finished_at, http_status, error, duration_ms
            FROM job_callback_deliveries
            WHERE callback_id = ANY(:callbackIds::bigint[])
            ORDER BY callback_id, delivery
            """;

    /** A tenant's job's callbacks with every delivery, oldest first. */
    public List<Callback> findByTenantAndJob(UUID tenantId, UUID jobId) {
        List<Callback> callbacks = jdbc.sql(FIND_BY_TENANT_AND_JOB)
                .param("tenantId", tenantId)
                .param("jobId", jobId)
                .query((rs, n) -> new Callback(
                        rs.getLong("id"),
                        rs.getObject("job_id", UUID.class),
                        rs.getString("url"),
                        rs.getString("job_state"),
                        CallbackState.fromWireName(rs.getString("state")),
                        SqlTime.read(rs, "next_attempt_at"),
                        SqlTime.read(rs, "created_at"),
                        List.of()))
                .list();
        if (callbacks.isEmpty()) {
            return callbacks;
        }
        Map<Long, List<CallbackDelivery>> deliveries = jdbc
                .sql(FIND_DELIVERIES)
                .param(
                        "callbackIds",
                        callbacks.stream().map(c -> String.valueOf(c.id())).toArray(String[]::new))
                .query((rs, n) -> Map.entry(
                        rs.getLong("callback_id"),
                        new CallbackDelivery(
                                rs.getInt("delivery"),
                                SqlTime.read(rs, "started_at"),
                                SqlTime.read(rs, "finished_at"),
                                (Integer) rs.getObject("http_status"),
                                rs.getString("error"),
                                rs.getInt("duration_ms"))))
                .list()
                .stream()
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return callbacks.stream()
                .map(c -> new Callback(
                        c.id(),
                        c.jobId(),
                        c.url(),
                        c.jobState(),
                        c.state(),
                        c.nextAttemptAt(),
                        c.createdAt(),
                        deliveries.getOrDefault(c.id(), List.of())))
                .toList();
    }
}
