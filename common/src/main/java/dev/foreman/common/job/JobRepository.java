package dev.foreman.common.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one home of SQL on {@code jobs}. Every state change is a single conditional statement; the
 * claim and the finish are fenced by the columns that prove ownership ({@code state},
 * {@code lease_owner}, {@code attempt}), so duplicates and late reports change nothing.
 */
public class JobRepository {
    private final JdbcClient jdbc;

    public JobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT_ALL_SKIPPING_KNOWN_IDEMPOTENCY_KEYS = """
            INSERT INTO jobs (id, tenant_id, queue, type, priority, state, max_attempts, run_at,
                              created_at, updated_at, queued_at, target_url, target_method,
                              target_headers, payload, timeout_ms, min_backoff_ms, max_backoff_ms,
                              max_doublings, max_retry_duration_ms, idempotency_key, callback_url,
                              labels, schedule_id)
            SELECT j.id, :tenantId, j.queue, j.type, j.priority, j.state, j.max_attempts, j.run_at,
                   CAST(:now AS timestamptz), CAST(:now AS timestamptz),
                   CASE WHEN j.state = 'queued' THEN CAST(:now AS timestamptz) END, j.target_url, j.target_method,
                   j.target_headers, j.payload, j.timeout_ms, j.min_backoff_ms, j.max_backoff_ms,
                   j.max_doublings, j.max_retry_duration_ms, j.idempotency_key, j.callback_url,
                   j.labels, j.schedule_id
            FROM unnest(:ids::uuid[], :queues::text[], :types::text[], :priorities::text[], :states::text[],
                        :maxAttempts::integer[], :runAts::timestamptz[], :targetUrls::text[],
                        :targetMethods::text[], :targetHeaders::jsonb[], :payloads::jsonb[],
                        :timeoutsMs::integer[], :minBackoffsMs::bigint[], :maxBackoffsMs::bigint[],
                        :maxDoublings::integer[], :maxRetryDurationsMs::bigint[], :idempotencyKeys::text[],
                        :callbackUrls::text[], :labels::jsonb[], :scheduleIds::uuid[])
                 AS j(id, queue, type, priority, state, max_attempts, run_at, target_url, target_method,
                      target_headers, payload, timeout_ms, min_backoff_ms, max_backoff_ms, max_doublings,
                      max_retry_duration_ms, idempotency_key, callback_url, labels, schedule_id)
            ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING *
            """;

    /**
     * Inserts the jobs in one statement. A job whose idempotency key the tenant already used is
     * skipped (not returned); look it up with {@link #findByIdempotencyKeys}. Jobs due at
     * {@code now} are inserted {@code queued}, later ones {@code scheduled}.
     */
    public List<Job> insertAllSkippingKnownIdempotencyKeys(UUID tenantId, List<NewJob> jobs, Instant now) {
        return jdbc.sql(INSERT_ALL_SKIPPING_KNOWN_IDEMPOTENCY_KEYS)
                .param("tenantId", tenantId)
                .param("now", SqlTime.param(now))
                .param("ids", column(jobs, j -> j.id().toString()))
                .param("queues", column(jobs, NewJob::queue))
                .param("types", column(jobs, NewJob::type))
                .param("priorities", column(jobs, j -> j.priority().wireName()))
                .param("states", column(jobs, j -> initialState(j, now).wireName()))
                .param("maxAttempts", column(jobs, j -> String.valueOf(j.retry().maxAttempts())))
                .param("runAts", column(jobs, j -> j.runAt().toString()))
                .param("targetUrls", column(jobs, j -> j.target().url()))
                .param("targetMethods", column(jobs, j -> j.target().method()))
                .param(
                        "targetHeaders",
                        column(jobs, j -> JsonColumns.write(j.target().headers())))
                .param("payloads", column(jobs, NewJob::payload))
                .param(
                        "timeoutsMs",
                        column(jobs, j -> String.valueOf(j.timeout().toMillis())))
                .param("minBackoffsMs", column(jobs, j -> millis(j.retry().minBackoff())))
                .param("maxBackoffsMs", column(jobs, j -> millis(j.retry().maxBackoff())))
                .param(
                        "maxDoublings",
                        column(jobs, j -> String.valueOf(j.retry().maxDoublings())))
                .param("maxRetryDurationsMs", column(jobs, j -> millis(j.retry().maxRetryDuration())))
                .param("idempotencyKeys", column(jobs, NewJob::idempotencyKey))
                .param("callbackUrls", column(jobs, NewJob::callbackUrl))
                .param("labels", column(jobs, j -> JsonColumns.write(j.labels())))
                .param(
                        "scheduleIds",
                        column(
                                jobs,
                                j -> j.scheduleId() == null
                                        ? null
                                        : j.scheduleId().toString()))
                .query(JobRowMapper.INSTANCE)
                .list();
    }

    /** The state a new job starts in: queued when due, scheduled when not. */
    public static JobState initialState(NewJob job, Instant now) {
        return job.runAt().isAfter(now) ? JobState.SCHEDULED : JobState.QUEUED;
    }

    private static final String FIND_BY_IDEMPOTENCY_KEYS = """
            SELECT *
            FROM jobs
            WHERE tenant_id = :tenantId
              AND idempotency_key = ANY(:keys::text[])
            """;

    public List<Job> findByIdempotencyKeys(UUID tenantId, List<String> keys) {
        return jdbc.sql(FIND_BY_IDEMPOTENCY_KEYS)
                .param("tenantId", tenantId)
                .param("keys", keys.toArray(String[]::new))
                .query(JobRowMapper.INSTANCE)
                .list();
    }

    private static final String FIND_BY_TENANT_AND_ID = """
            SELECT *
            FROM jobs
            WHERE tenant_id = :tenantId
              AND id = :id
            """;

    /** A tenant's job; another tenant's id is simply absent. */
    public Optional<Job> findByTenantAndId(UUID tenantId, UUID id) {
        return jdbc.sql(FIND_BY_TENANT_AND_ID)
                .param("tenantId", tenantId)
                .param("id", id)
                .query(JobRowMapper.INSTANCE)
                .optional();
    }

    private static final String FIND_PAGE = """
            SELECT *
            FROM jobs
            WHERE tenant_id = :tenantId
              AND (CAST(:state AS text) IS NULL OR state = :state)
              AND (CAST(:queue AS text) IS NULL OR queue = :queue)
              AND (CAST(:type AS text) IS NULL OR type = :type)
              AND (CAST(:priority AS text) IS NULL OR priority = :priority)
              AND (CAST(:after AS uuid) IS NULL OR id < :after)
            ORDER BY id DESC
            LIMIT :limit
            """;

    /** One page of a tenant's jobs, newest first, after the keyset cursor. */
    public List<Job> findPage(JobFilter filter) {
        return jdbc.sql(FIND_PAGE)
                .param("tenantId", filter.tenantId())
                .param("state", filter.state() == null ? null : filter.state().wireName())
                .param("queue", filter.queue())
                .param("type", filter.type())
                .param(
                        "priority",
                        filter.priority() == null ? null : filter.priority().wireName())
                .param("after", filter.after())
                .param("limit", filter.limit())
                .query(JobRowMapper.INSTANCE)
                .list();
    }

    private static final String CLAIM_QUEUED = """
            WITH claimed AS (
                UPDATE jobs
                SET state = 'running',
                    attempt = attempt + 1,
                    lease_owner = :owner,
                    lease_expires_at = CAST(:now AS timestamptz) + (timeout_ms + :leaseMarginMs) * INTERVAL '1 millisecond',
                    started_at = :now,
                    updated_at = :now
                WHERE id = ANY(:ids::uuid[])
                  AND state = 'queued'
                RETURNING *
            )
            SELECT claimed.*, tenants.signing_secret
            FROM claimed
            JOIN tenants ON tenants.id = claimed.tenant_id
            """;

    /**
     * Claims whichever of the given jobs are still queued, in one statement: each claimed job is
     * running, its attempt counted, and leased to {@code owner} until its timeout plus the margin.
     * Ids that are not queued (a duplicate delivery, a cancelled job) are not returned.
     */
    public List<ClaimedJob> claimQueued(List<UUID> ids, String owner, Instant now, Duration leaseMargin) {
        return jdbc.sql(CLAIM_QUEUED)
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .param("owner", owner)
                .param("now", SqlTime.param(now))
                .param("leaseMarginMs", leaseMargin.toMillis())
                .query((rs, n) -> new ClaimedJob(JobRowMapper.INSTANCE.mapRow(rs, n), rs.getString("signing_secret")))
                .list();
    }

    private static final String FINISH_ATTEMPT = """
            WITH finished AS (
                UPDATE jobs
                SET state = :nextState,
                    run_at = CASE WHEN :nextState = 'retrying' THEN CAST(:nextRunAt AS timestamptz) ELSE run_at END,
                    finished_at = CASE WHEN :nextState IN ('succeeded', 'dead', 'cancelled') THEN CAST(:now AS timestamptz) END,
                    last_error = :error,
                    result_status = CAST(:httpStatus AS integer),
                    result_body = :responseBody,
                    result_duration_ms = :durationMs,
                    lease_owner = NULL,
                    lease_expires_at = NULL,
                    updated_at = :now
                WHERE id = :jobId
                  AND state = 'running'
                  AND lease_owner = :leaseOwner
                  AND attempt = :attempt
                RETURNING id, attempt
            )
            INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome,
                                      http_status, error, duration_ms)
            SELECT id, attempt, CAST(:leaseOwner AS text), CAST(:startedAt AS timestamptz), CAST(:now AS timestamptz),
                   CAST(:outcome AS text), CAST(:httpStatus AS integer), CAST(:error AS text), CAST(:durationMs AS integer)
            FROM finished
            """;

    /**
     * Ends an attempt and records it, in one statement, if {@code finish.leaseOwner()} still holds
     * the lease for {@code finish.attempt()}.
     *
     * @return false when the lease was lost (reaped, cancelled, or claimed again): nothing changed
     */
    public boolean finishAttempt(AttemptFinish finish, Instant now) {
        return jdbc.sql(FINISH_ATTEMPT)
                        .param("jobId", finish.jobId())
                        .param("attempt", finish.attempt())
                        .param("leaseOwner", finish.leaseOwner())
                        .param("nextState", finish.nextState().wireName())
                        .param("nextRunAt", SqlTime.param(finish.nextRunAt()))
                        .param("outcome", finish.outcome().wireName())
                        .param("httpStatus", finish.httpStatus())
                        .param("responseBody", finish.responseBody())
                        .param("error", finish.error())
                        .param("startedAt", SqlTime.param(finish.startedAt()))
                        .param("durationMs", finish.durationMs())
                        .param("now", SqlTime.param(now))
                        .update()
                == 1;
    }

    private static final String PROMOTE_DUE = """
            WITH due AS (
                SELECT id
                FROM jobs
                WHERE state IN ('scheduled', 'retrying')
                  AND run_at <= :now
                ORDER BY run_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            )
            UPDATE jobs
            SET state = 'queued',
                queued_at = :now,
                updated_at = :now
            FROM due
            WHERE jobs.id = due.id
            RETURNING jobs.id, jobs.tenant_id, jobs.queue, jobs.priority
            """;

    /**
     * Moves up to {@code limit} due scheduled and retrying jobs to queued, oldest due first. The
     * caller writes their outbox rows in the same transaction.
     */
    public List<DueJob> promoteDue(Instant now, int limit) {
        return jdbc.sql(PROMOTE_DUE)
                .param("now", SqlTime.param(now))
                .param("limit", limit)
                .query((rs, n) -> new DueJob(
                        rs.getObject("id", UUID.class),
                        rs.getObject("tenant_id", UUID.class),
                        rs.getString("queue"),
                        Priority.fromWireName(rs.getString("priority"))))
                .list();
    }

    private static <T> String[] column(List<T> rows, Function<T, String> value) {
        String[] column = new String[rows.size()];
        for (int i = 0; i < column.length; i++) {
            column[i] = value.apply(rows.get(i));
        }
        return column;
    }

    private static String millis(Duration duration) {
        return duration == null ? null : String.valueOf(duration.toMillis());
    }
}
