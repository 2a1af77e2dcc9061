package dev.foreman.common.queue;

import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Priority;
import dev.foreman.common.job.SqlTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Parking and waking queued jobs that flow control holds back. A parked job stays {@code queued}
 * with {@code parked_until} set, which no claim takes; waking clears it and writes the job's
 * outbox row, so it is published again. The worker parks (a claim it may not start) and wakes
 * (a permit it freed); the scheduler wakes what is due; resume wakes a paused queue.
 */
public class ParkedJobRepository {
    private final JdbcClient jdbc;

    public ParkedJobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String PARK_CLAIMED = """
            WITH parking AS (
                SELECT *
                FROM unnest(:jobIds::uuid[], :attempts::integer[], :reasons::text[], :untils::timestamptz[],
                            :runAts::timestamptz[])
                     AS p(job_id, attempt, reason, parked_until, run_at)
            ),
            parked AS (
                UPDATE jobs
                SET state = 'queued',
                    attempt = jobs.attempt - 1,
                    run_at = COALESCE(parking.run_at, jobs.run_at),
                    parked_until = parking.parked_until,
                    parked_reason = parking.reason,
                    lease_owner = NULL,
                    lease_expires_at = NULL,
                    updated_at = :now
                FROM parking
                WHERE jobs.id = parking.job_id
                  AND jobs.state IS NOT DISTINCT FROM 'running'
                  AND jobs.lease_owner = :owner
                  AND jobs.attempt = parking.attempt
                RETURNING jobs.id, parking.reason
            ),
            held AS (
                INSERT INTO job_holds (job_id, reason, first_at, last_at, times)
                SELECT id, reason, CAST(:now AS timestamptz), CAST(:now AS timestamptz), 1
                FROM parked
                ON CONFLICT (job_id, reason) DO UPDATE
                SET last_at = EXCLUDED.last_at,
                    times = job_holds.times + 1
            )
            SELECT id
            FROM parked
            """;

    /**
     * Hands back jobs {@code owner} claimed but may not start: each goes back to queued, parked
     * with its reason, its attempt not counted, fenced on the claim's lease and attempt.
     *
     * @return the ids parked; a missing one was taken from the worker meanwhile (cancelled)
     */
    public List<UUID> parkClaimed(List<Parking> parkings, String owner, Instant now) {
        if (parkings.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(PARK_CLAIMED)
                .param(
                        "jobIds",
                        parkings.stream().map(p -> p.jobId().toString()).toArray(String[]::new))
                .param(
                        "attempts",
                        parkings.stream().map(p -> String.valueOf(p.attempt())).toArray(String[]::new))
                .param(
                        "reasons",
                        parkings.stream().map(p -> p.reason().wireName()).toArray(String[]::new))
                .param(
                        "untils",
                        parkings.stream().map(p -> p.until().toString()).toArray(String[]::new))
                .param(
                        "runAts",
                        parkings.stream()
                                .map(p -> p.runAt() == null ? null : p.runAt().toString())
                                .toArray(String[]::new))
                .param("owner", owner)
                .param("now", SqlTime.param(now))
                .query((rs, n) -> rs.getObject("id", UUID.class))
                .list();
    }

    private static final String WAKE_IN_QUEUE = """
            WITH picked AS (
                SELECT id
                FROM jobs
                WHERE tenant_id = :tenantId
                  AND queue = :queue
                  AND parked_reason = :reason
                  AND state = 'queued'
                  AND parked_until IS NOT NULL
                ORDER BY parked_until
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ),
            woken AS (
                UPDATE jobs
                SET parked_until = NULL,
                    queued_at = :now,
                    updated_at = :now
                FROM picked
                WHERE jobs.id = picked.id
                RETURNING jobs.id, jobs.tenant_id, jobs.queue, jobs.priority
            ),
            announced AS (
                INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at)
                SELECT id, tenant_id, queue, priority, CAST(:now AS timestamptz)
                FROM woken
            )
            SELECT id, tenant_id, queue, priority
            FROM woken
            """;

    /**
     * Wakes up to {@code limit} of the queue's jobs parked for {@code reason}, longest parked
     * first: a permit of the queue was freed, or (for {@link ParkReason#PAUSED}) it was resumed.
     */
    public List<DueJob> wakeInQueue(UUID tenantId, String queue, ParkReason reason, Instant now, int limit) {
        return jdbc.sql(WAKE_IN_QUEUE)
                .param("tenantId", tenantId)
                .param("queue", queue)
                .param("reason", reason.wireName())
                .param("limit", limit)
                .param("now", SqlTime.param(now))
                .query(DUE_JOB)
                .list();
    }

    private static final String WAKE_WITH_FLOW_KEY = """
            WITH picked AS (
                SELECT id
                FROM jobs
                WHERE tenant_id = :tenantId
                  AND flow_key = :flowKey
                  AND parked_reason = 'flow_concurrency'
                  AND state = 'queued'
                  AND parked_until IS NOT NULL
                ORDER BY parked_until
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ),
            woken AS (
                UPDATE jobs
                SET parked_until = NULL,
                    queued_at = :now,
                    updated_at = :now
                FROM picked
                WHERE jobs.id = picked.id
                RETURNING jobs.id, jobs.tenant_id, jobs.queue, jobs.priority
            ),
            announced AS (
                INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at)
                SELECT id, tenant_id, queue, priority, CAST(:now AS timestamptz)
                FROM woken
            )
            SELECT id, tenant_id, queue, priority
            FROM woken
            """;

    /** Wakes up to {@code limit} jobs parked behind the flow-control key's concurrency limit. */
    public List<DueJob> wakeWithFlowKey(UUID tenantId, String flowKey, Instant now, int limit) {
        return jdbc.sql(WAKE_WITH_FLOW_KEY)
                .param("tenantId", tenantId)
                .param("flowKey", flowKey)
                .param("limit", limit)
                .param("now", SqlTime.param(now))
                .query(DUE_JOB)
                .list();
    }

    private static final String WAKE_OF_TENANT = """
            WITH picked AS (
                SELECT id
                FROM jobs
                WHERE tenant_id = :tenantId
                  AND parked_reason = 'tenant_concurrency'
                  AND state = 'queued'
                  AND parked_until IS NOT NULL
                ORDER BY parked_until
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ),
            woken AS (
                UPDATE jobs
                SET parked_until = NULL,
                    queued_at = :now,
                    updated_at = :now
                FROM picked
                WHERE jobs.id = picked.id
                RETURNING jobs.id, jobs.tenant_id, jobs.queue, jobs.priority
            ),
            announced AS (
                INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at)
                SELECT id, tenant_id, queue, priority, CAST(:now AS timestamptz)
                FROM woken
            )
            SELECT id, tenant_id, queue, priority
            FROM woken
            """;

    /** Wakes up to {@code limit} jobs parked behind their tenant's cap on concurrent attempts. */
    public List<DueJob> wakeOfTenant(UUID tenantId, Instant now, int limit) {
        return jdbc.sql(WAKE_OF_TENANT)
                .param("tenantId", tenantId)
                .param("limit", limit)
                .param("now", SqlTime.param(now))
                .query(DUE_JOB)
                .list();
    }

    private static final String WAKE_DUE = """
            WITH picked AS (
                SELECT id
                FROM jobs
                WHERE state = 'queued'
                  AND parked_until <= :dueBy
                ORDER BY parked_until
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ),
            woken AS (
                UPDATE jobs
                SET parked_until = NULL,
                    queued_at = :now,
                    updated_at = :now
                FROM picked
                WHERE jobs.id = picked.id
                RETURNING jobs.id, jobs.tenant_id, jobs.queue, jobs.priority
            ),
            announced AS (
                INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at)
                SELECT id, tenant_id, queue, priority, CAST(:now AS timestamptz)
                FROM woken
            )
            SELECT id, tenant_id, queue, priority
            FROM woken
            """;

    /**
     * Wakes up to {@code limit} parked jobs whose {@code parked_until} is by {@code dueBy}: a
     * reserved rate slot coming up (the worker holds it until its run_at), or the safety recheck
     * of a job parked behind a limit whose wake-up was missed.
     */
    public List<DueJob> wakeDue(Instant dueBy, Instant now, int limit) {
        return jdbc.sql(WAKE_DUE)
                .param("dueBy", SqlTime.param(dueBy))
                .param("limit", limit)
                .param("now", SqlTime.param(now))
                .query(DUE_JOB)
                .list();
    }

    private static final RowMapper<DueJob> DUE_JOB = (rs, n) -> new DueJob(
            rs.getObject("id", UUID.class),
            rs.getObject("tenant_id", UUID.class),
            rs.getString("queue"),
            Priority.fromWireName(rs.getString("priority")));
}
