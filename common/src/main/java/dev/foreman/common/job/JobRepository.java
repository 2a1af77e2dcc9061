package dev.foreman.common.job;

import dev.foreman.common.outbox.OutboxEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one home of SQL on {@code jobs}. Every state change is a single conditional statement; the
 * claim and the finish are fenced by the columns that prove ownership ({@code state},
 * {@code lease_owner}, {@code attempt}), so duplicates and late reports change nothing. Each move
 * is one allowed by {@link JobState#canTransitionTo} ({@code StateTransitionsIT} runs every
 * statement against jobs in every state to keep it so). A statement that makes a job
 * {@code queued} also writes the job's outbox row, so no caller can queue a job that never
 * reaches Kafka.
 */
public class JobRepository {
    private final JdbcClient jdbc;

    public JobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // relay_after: NULL lets relays publish the outbox rows at once ('-infinity', the column's default).
    private static final String INSERT_ALL_SKIPPING_KNOWN_IDEMPOTENCY_KEYS = """
            WITH inserted AS (
                INSERT INTO jobs (id, tenant_id, queue, type, priority, state, max_attempts, run_at,
                                  created_at, updated_at, queued_at, target_url, target_method,
                                  target_headers, payload, timeout_ms, min_backoff_ms, max_backoff_ms,
                                  max_doublings, max_retry_duration_ms, idempotency_key, callback_url,
                                  labels, schedule_id, flow_key, flow_max_concurrency, flow_per_second,
                                  traceparent)
                SELECT j.id, j.tenant_id, j.queue, j.type, j.priority, j.state, j.max_attempts, j.run_at,
                       CAST(:now AS timestamptz), CAST(:now AS timestamptz),
                       CASE WHEN j.state = 'queued' THEN CAST(:now AS timestamptz) END, j.target_url, j.target_method,
                       j.target_headers, j.payload, j.timeout_ms, j.min_backoff_ms, j.max_backoff_ms,
                       j.max_doublings, j.max_retry_duration_ms, j.idempotency_key, j.callback_url,
                       j.labels, j.schedule_id, j.flow_key, j.flow_max_concurrency, j.flow_per_second,
                       j.traceparent
                FROM unnest(:ids::uuid[], :tenantIds::uuid[], :queues::text[], :types::text[], :priorities::text[],
                            :states::text[], :maxAttempts::integer[], :runAts::timestamptz[], :targetUrls::text[],
                            :targetMethods::text[], :targetHeaders::jsonb[], :payloads::jsonb[],
                            :timeoutsMs::integer[], :minBackoffsMs::bigint[], :maxBackoffsMs::bigint[],
                            :maxDoublings::integer[], :maxRetryDurationsMs::bigint[], :idempotencyKeys::text[],
                            :callbackUrls::text[], :labels::jsonb[], :scheduleIds::uuid[], :flowKeys::text[],
                            :flowMaxConcurrencies::integer[], :flowPerSeconds::double precision[],
                            :traceparents::text[])
                     AS j(id, tenant_id, queue, type, priority, state, max_attempts, run_at, target_url,
                          target_method, target_headers, payload, timeout_ms, min_backoff_ms, max_backoff_ms,
                          max_doublings, max_retry_duration_ms, idempotency_key, callback_url, labels, schedule_id,
                          flow_key, flow_max_concurrency, flow_per_second, traceparent)
                ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING *
            ),
            announced AS (
                INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at, relay_after)
                SELECT id, tenant_id, queue, priority, CAST(:now AS timestamptz),
                       COALESCE(CAST(:relayAfter AS timestamptz), '-infinity')
                FROM inserted
                WHERE state = 'queued'
                RETURNING id, job_id, created_at
            )
            SELECT inserted.*, announced.id AS outbox_id, announced.created_at AS outbox_created_at
            FROM inserted
            LEFT JOIN announced ON announced.job_id = inserted.id
            """;

    /**
     * Inserts one tenant's jobs in one statement. A job whose idempotency key the tenant already
     * used is skipped (not returned); look it up with {@link #findByIdempotencyKeys}. Jobs due at
     * {@code now} are inserted {@code queued} with their outbox rows (relays publish them), later
     * ones {@code scheduled}.
     */
    public List<Job> insertAllSkippingKnownIdempotencyKeys(UUID tenantId, List<ValidatedJob> jobs, Instant now) {
        return insertAllSkippingKnownIdempotencyKeys(tenantId, jobs, now, null);
    }

    /**
     * The same, for jobs made in the trace {@code traceparent} (a parsed value, or null): a cron
     * fire's, say. Their attempts continue that trace.
     */
    public List<Job> insertAllSkippingKnownIdempotencyKeys(
            UUID tenantId, List<ValidatedJob> jobs, Instant now, String traceparent) {
        return insertAllSkippingKnownIdempotencyKeys(
                        jobs.stream()
                                .map(job -> new TenantValidatedJob(tenantId, job, traceparent))
                                .toList(),
                        now,
                        null)
                .jobs();
    }

    /**
     * The same for jobs of any tenants, in one statement: the API's group commit writes many
     * requests' jobs at once. Two jobs with the same tenant and idempotency key insert only the
     * first. Keyed jobs are inserted in (tenant, key) order, so two such statements running at once
     * wait for each other's keys in the same order and cannot deadlock.
     *
     * @param relayAfter when relays may publish the queued jobs' outbox rows: a caller that
     *     publishes them itself once its transaction commits leaves relays only what is still there
     *     then; null lets relays publish them at once
     */
    public InsertedJobs insertAllSkippingKnownIdempotencyKeys(
            List<TenantValidatedJob> tenantJobs, Instant now, Instant relayAfter) {
        List<TenantValidatedJob> rows =
                tenantJobs.stream().sorted(TenantValidatedJob.KEY_LOCK_ORDER).toList();
        List<InsertedRow> inserted = jdbc.sql(INSERT_ALL_SKIPPING_KNOWN_IDEMPOTENCY_KEYS)
                .param("now", SqlTime.param(now))
                .param("relayAfter", SqlTime.param(relayAfter))
                .param("ids", column(rows, r -> r.job().id().toString()))
                .param("tenantIds", column(rows, r -> r.tenantId().toString()))
                .param("queues", column(rows, r -> r.job().queue()))
                .param("types", column(rows, r -> r.job().type()))
                .param("priorities", column(rows, r -> r.job().priority().wireName()))
                .param("states", column(rows, r -> initialState(r.job(), now).wireName()))
                .param(
                        "maxAttempts",
                        column(rows, r -> String.valueOf(r.job().retry().maxAttempts())))
                .param("runAts", column(rows, r -> r.job().runAt().toString()))
                .param("targetUrls", column(rows, r -> r.job().target().url()))
                .param("targetMethods", column(rows, r -> r.job().target().method()))
                .param(
                        "targetHeaders",
                        column(rows, r -> JsonColumns.write(r.job().target().headers())))
                .param("payloads", column(rows, r -> r.job().payload()))
                .param(
                        "timeoutsMs",
                        column(rows, r -> String.valueOf(r.job().timeout().toMillis())))
                .param("minBackoffsMs", column(rows, r -> millis(r.job().retry().minBackoff())))
                .param("maxBackoffsMs", column(rows, r -> millis(r.job().retry().maxBackoff())))
                .param(
                        "maxDoublings",
                        column(rows, r -> String.valueOf(r.job().retry().maxDoublings())))
                .param(
                        "maxRetryDurationsMs",
                        column(rows, r -> millis(r.job().retry().maxRetryDuration())))
                .param("idempotencyKeys", column(rows, r -> r.job().idempotencyKey()))
                .param("callbackUrls", column(rows, r -> r.job().callbackUrl()))
                .param("labels", column(rows, r -> JsonColumns.write(r.job().labels())))
                .param("scheduleIds", column(rows, r -> Objects.toString(r.job().scheduleId(), null)))
                .param("flowKeys", column(rows, r -> r.job().flowControl().key()))
                .param(
                        "flowMaxConcurrencies",
                        column(rows, r -> Objects.toString(r.job().flowControl().maxConcurrency(), null)))
                .param(
                        "flowPerSeconds",
                        column(rows, r -> Objects.toString(r.job().flowControl().perSecond(), null)))
                .param("traceparents", column(rows, TenantValidatedJob::traceparent))
                .query((rs, n) -> InsertedRow.read(rs))
                .list();
        return new InsertedJobs(
                inserted.stream().map(InsertedRow::job).toList(),
                inserted.stream()
                        .map(InsertedRow::outboxRow)
                        .filter(Objects::nonNull)
                        .sorted(Comparator.comparingLong(OutboxEntry::id))
                        .toList());
    }

    /** An inserted job and, when it was queued, its outbox row (else null). */
    private record InsertedRow(Job job, OutboxEntry outboxRow) {
        static InsertedRow read(ResultSet rs) throws SQLException {
            Job job = JobRowMapper.INSTANCE.mapRow(rs, 0);
            long outboxId = rs.getLong("outbox_id");
            if (rs.wasNull()) {
                return new InsertedRow(job, null);
            }
            return new InsertedRow(
                    job,
                    new OutboxEntry(
                            outboxId,
                            job.id(),
                            job.tenantId(),
                            job.queue(),
                            job.priority(),
                            SqlTime.read(rs, "outbox_created_at"),
                            job.traceparent()));
        }
    }

    /** The state a new job starts in: queued when due, scheduled when not. */
    public static JobState initialState(ValidatedJob job, Instant now) {
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

    // One branch per state, each an ordered scan of jobs_tenant_state_id_idx; FIND_PAGE merges them
    // (Merge Append). There is no (tenant_id, id) index to list across states: it would cost every
    // job an index entry more on each of its state changes, about 7 µs of Postgres' time each.
    private static final String FIND_PAGE_IN_STATE = """
            (SELECT *
             FROM jobs
             WHERE tenant_id = :tenantId
               AND state = '%1$s'
               AND (CAST(:state AS text) IS NULL OR CAST(:state AS text) = '%1$s')
               AND (CAST(:queue AS text) IS NULL OR queue = :queue)
               AND (CAST(:type AS text) IS NULL OR type = :type)
               AND (CAST(:priority AS text) IS NULL OR priority = :priority)
               AND id < COALESCE(CAST(:after AS uuid), 'ffffffff-ffff-ffff-ffff-ffffffffffff')
             ORDER BY id DESC
             LIMIT :limit)
            """;

    private static final String FIND_PAGE = """
            SELECT *
            FROM (%s) page
            ORDER BY id DESC
            LIMIT :limit
            """.formatted(Arrays.stream(JobState.values())
            .map(state -> FIND_PAGE_IN_STATE.formatted(state.wireName()))
            .collect(Collectors.joining("UNION ALL\n")));

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

    // Statements that find jobs by id test the state with IS NOT DISTINCT FROM (the same as = on a
    // NOT NULL column) so that the planner cannot use a partial index on that state instead of the
    // primary key. With statistics taken while no job was in that state, the partial index looks
    // empty, and the planner would scan all of it (every queued or running job) to find a few ids:
    // a claim took 15-40 ms with a backlog of 45,000 jobs, and batches locked rows out of id order.
    // ByIdPlansIT keeps every such statement on the primary key.
    // A paused queue's row is read FOR SHARE, so resume (which updates it) waits for this claim's
    // parking to commit and then finds every job it parked. Its jobs are parked until resume
    // instead of claimed. A parked job (parked_until set) is never claimed: its Kafka record may be
    // delivered again, and only waking it makes it claimable. parked_for tells the worker why a
    // woken job had waited (a job that held a rate reservation does not take a second token).
    // The parked reasons from before the claim (a trigger clears them once a job leaves queued)
    // come as two arrays in one row (was_parked), read in one pass over the ids: a join of the
    // claimed rows back to jobs became, on statistics from before a burst of submits, a scan of
    // every job with a primary-key probe per row, and a claim of 512 jobs took seconds
    // (GrownTablePlansIT).
    private static final String CLAIM_QUEUED = """
            WITH paused AS (
                SELECT tenant_id, name
                FROM queues
                WHERE paused
                  AND (tenant_id, name) IN (
                      SELECT tenant_id, queue
                      FROM jobs
                      WHERE id = ANY(:ids::uuid[])
                  )
                FOR SHARE
            ),
            held AS (
                UPDATE jobs
                SET parked_until = 'infinity',
                    parked_reason = 'paused',
                    updated_at = :now
                FROM paused
                WHERE jobs.id = ANY(:ids::uuid[])
                  AND jobs.state IS NOT DISTINCT FROM 'queued'
                  AND jobs.parked_until IS NULL
                  AND jobs.tenant_id = paused.tenant_id
                  AND jobs.queue = paused.name
                RETURNING jobs.id
            ),
            held_recorded AS (
                INSERT INTO job_holds (job_id, reason, first_at, last_at, times)
                SELECT id, 'paused', CAST(:now AS timestamptz), CAST(:now AS timestamptz), 1
                FROM held
                ON CONFLICT (job_id, reason) DO UPDATE
                SET last_at = EXCLUDED.last_at,
                    times = job_holds.times + 1
            ),
            was_parked AS MATERIALIZED (
                SELECT array_agg(id) AS ids, array_agg(parked_reason) AS reasons
                FROM jobs
                WHERE id = ANY(:ids::uuid[])
                  AND parked_reason IS NOT NULL
            ),
            claimed AS (
                UPDATE jobs
                SET state = 'running',
                    attempt = attempt + 1,
                    lease_owner = :owner,
                    lease_expires_at = CAST(:now AS timestamptz) + :leaseMarginMs * INTERVAL '1 millisecond',
                    started_at = :now,
                    updated_at = :now
                WHERE jobs.id = ANY(:ids::uuid[])
                  AND jobs.state IS NOT DISTINCT FROM 'queued'
                  AND jobs.parked_until IS NULL
                  AND NOT EXISTS (
                      SELECT 1
                      FROM paused
                      WHERE paused.tenant_id = jobs.tenant_id
                        AND paused.name = jobs.queue
                  )
                RETURNING jobs.*
            )
            SELECT claimed.*, was_parked.reasons[array_position(was_parked.ids, claimed.id)] AS parked_for,
                   tenants.signing_secret,
                   CASE WHEN tenants.previous_secret_expires_at > :now THEN tenants.previous_signing_secret END
                       AS previous_signing_secret
            FROM claimed
            CROSS JOIN was_parked
            JOIN tenants ON tenants.id = claimed.tenant_id
            """;

    /**
     * Claims whichever of the given jobs are still queued, in one statement: each claimed job is
     * running, its attempt counted, and leased to {@code owner} for {@code leaseMargin}. The
     * worker's heartbeat keeps the lease that far ahead while the attempt runs, so a crashed worker
     * is found after the margin, not after the job's whole timeout.
     * Ids that are not queued (a duplicate delivery, a cancelled job) are not returned, nor are
     * parked jobs; jobs of a paused queue are parked until it is resumed.
     */
    public List<ClaimedJob> claimQueued(List<UUID> ids, String owner, Instant now, Duration leaseMargin) {
        return jdbc.sql(CLAIM_QUEUED)
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .param("owner", owner)
                .param("now", SqlTime.param(now))
                .param("leaseMarginMs", leaseMargin.toMillis())
                .query((rs, n) -> new ClaimedJob(
                        JobRowMapper.INSTANCE.mapRow(rs, n),
                        rs.getString("signing_secret"),
                        rs.getString("previous_signing_secret"),
                        FlowControl.of(rs)))
                .list();
    }

    private static final String FINISH_ATTEMPTS = """
            WITH finished AS (
                UPDATE jobs
                SET state = reported.next_state,
                    run_at = CASE WHEN reported.next_state = 'retrying' THEN reported.next_run_at ELSE jobs.run_at END,
                    finished_at = CASE WHEN reported.next_state IN ('succeeded', 'dead', 'cancelled')
                                       THEN CAST(:now AS timestamptz) END,
                    last_error = reported.error,
                    result_status = reported.http_status,
                    result_body = reported.response_body,
                    result_duration_ms = reported.duration_ms,
                    lease_owner = NULL,
                    lease_expires_at = NULL,
                    updated_at = :now
                FROM unnest(:jobIds::uuid[], :attempts::integer[], :leaseOwners::text[], :nextStates::text[],
                            :nextRunAts::timestamptz[], :outcomes::text[], :httpStatuses::integer[],
                            :responseBodies::text[], :errors::text[], :startedAts::timestamptz[],
                            :durationsMs::integer[])
                     AS reported(job_id, attempt, lease_owner, next_state, next_run_at, outcome, http_status,
                                 response_body, error, started_at, duration_ms)
                WHERE jobs.id = reported.job_id
                  AND jobs.id = ANY(:jobIds::uuid[])
                  AND jobs.state IS NOT DISTINCT FROM 'running'
                  AND jobs.lease_owner = reported.lease_owner
                  AND jobs.attempt = reported.attempt
                RETURNING jobs.id, jobs.attempt, reported.lease_owner, reported.started_at, reported.outcome,
                          reported.http_status, reported.error, reported.duration_ms
            ),
            recorded AS (
                INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome,
                                          http_status, error, duration_ms)
                SELECT id, attempt, lease_owner, started_at, CAST(:now AS timestamptz), outcome, http_status, error,
                       duration_ms
                FROM finished
            )
            SELECT id, attempt
            FROM finished
            """;

    /**
     * Ends many attempts and records them, in one statement: each one whose
     * {@link AttemptFinish#leaseOwner()} still holds the lease for its {@link AttemptFinish#attempt()}
     * moves its job to its next state and gets its {@code job_attempts} row; the others (reaped,
     * cancelled, claimed again, or reported twice: only the first report of an attempt counts) change
     * nothing. The rows are passed in job id order, the order an index scan of {@code id = ANY(...)}
     * (the heartbeat's renewal) locks them in, which keeps the two from deadlocking in the usual
     * plans; a caller should still retry a batch that failed.
     *
     * @return the finishes that were applied; a missing one lost its lease
     */
    public List<AttemptFinish> finishAttempts(List<AttemptFinish> finishes, Instant now) {
        if (finishes.isEmpty()) {
            return List.of();
        }
        // One finish per attempt (the first): a second one could only be a late repeat, and it would
        // collide with the first's job_attempts row.
        Map<String, AttemptFinish> byAttempt = new TreeMap<>();
        for (AttemptFinish finish : finishes) {
            // Keyed by the text form, which orders like Postgres' uuid (UUID.compareTo compares signed longs).
            byAttempt.putIfAbsent(finish.jobId() + "/" + finish.attempt(), finish);
        }
        List<AttemptFinish> sorted = List.copyOf(byAttempt.values());
        Set<String> applied = new HashSet<>(jdbc.sql(FINISH_ATTEMPTS)
                .param("jobIds", column(sorted, f -> f.jobId().toString()))
                .param("attempts", column(sorted, f -> String.valueOf(f.attempt())))
                .param("leaseOwners", column(sorted, AttemptFinish::leaseOwner))
                .param("nextStates", column(sorted, f -> f.nextState().wireName()))
                .param("nextRunAts", column(sorted, f -> instant(f.nextRunAt())))
                .param("outcomes", column(sorted, f -> f.outcome().wireName()))
                .param(
                        "httpStatuses",
                        column(sorted, f -> f.httpStatus() == null ? null : String.valueOf(f.httpStatus())))
                .param("responseBodies", column(sorted, AttemptFinish::responseBody))
                .param("errors", column(sorted, AttemptFinish::error))
                .param("startedAts", column(sorted, f -> instant(f.startedAt())))
                .param("durationsMs", column(sorted, f -> String.valueOf(f.durationMs())))
                .param("now", SqlTime.param(now))
                .query((rs, n) -> rs.getString("id") + "/" + rs.getInt("attempt"))
                .list());
        return finishes.stream()
                .filter(f -> {
                    String key = f.jobId() + "/" + f.attempt();
                    return applied.contains(key) && byAttempt.get(key) == f;
                })
                .toList();
    }

    private static final String PROMOTE_DUE = """
            WITH due AS (
                SELECT id
                FROM jobs
                WHERE state IN ('scheduled', 'retrying')
                  AND run_at <= :dueBy
                ORDER BY run_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ),
            promoted AS (
                UPDATE jobs
                SET state = 'queued',
                    queued_at = :now,
                    updated_at = :now
                FROM due
                WHERE jobs.id = due.id
                RETURNING jobs.id, jobs.tenant_id, jobs.queue, jobs.priority
            ),
            announced AS (
                INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at)
                SELECT id, tenant_id, queue, priority, CAST(:now AS timestamptz)
                FROM promoted
            )
            SELECT id, tenant_id, queue, priority
            FROM promoted
            """;

    /**
     * Moves up to {@code limit} scheduled and retrying jobs due by {@code dueBy} to queued, with
     * their outbox rows, oldest due first. {@code dueBy} may be a little after {@code now}: the
     * scheduler promotes ahead of time so its polling interval does not make jobs
     * late, and the worker holds a job that arrives early until its {@code run_at}.
     */
    public List<DueJob> promoteDueBy(Instant dueBy, Instant now, int limit) {
        return jdbc.sql(PROMOTE_DUE)
                .param("dueBy", SqlTime.param(dueBy))
                .param("now", SqlTime.param(now))
                .param("limit", limit)
                .query(DUE_JOB)
                .list();
    }

    // exhausted: the attempt budget is spent, or the retry window (counted since submission or the
    // last manual retry) has closed, so the attempt the reaper would queue now would start too late.
    private static final String REAP_EXPIRED_LEASES = """
            WITH expired AS (
                SELECT id, lease_owner, started_at,
                       attempt - budget_start_attempt >= max_attempts
                           OR COALESCE(budget_started_at, created_at)
                                  + max_retry_duration_ms * INTERVAL '1 millisecond' < :now AS exhausted
                FROM jobs
                WHERE state = 'running'
                  AND lease_expires_at < :now
                ORDER BY lease_expires_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ),
            reaped AS (
                UPDATE jobs
                SET state = CASE WHEN expired.exhausted THEN 'dead' ELSE 'queued' END,
                    queued_at = CAST(:now AS timestamptz),
                    finished_at = CASE WHEN expired.exhausted THEN CAST(:now AS timestamptz) END,
                    last_error = 'the lease of worker ' || expired.lease_owner
                                 || ' expired before it reported a result (worker crashed or stalled)',
                    lease_owner = NULL,
                    lease_expires_at = NULL,
                    updated_at = :now
                FROM expired
                WHERE jobs.id = expired.id
                RETURNING jobs.id, jobs.tenant_id, jobs.queue, jobs.priority, jobs.state, jobs.attempt,
                          jobs.last_error
            ),
            recorded AS (
                INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, error,
                                          duration_ms)
                SELECT reaped.id, reaped.attempt, expired.lease_owner, expired.started_at, CAST(:now AS timestamptz),
                       'lease_expired', reaped.last_error,
                       LEAST(2147483647, GREATEST(0, EXTRACT(EPOCH FROM CAST(:now AS timestamptz) - expired.started_at) * 1000))::integer
                FROM reaped
                JOIN expired ON expired.id = reaped.id
                ON CONFLICT (job_id, attempt) DO NOTHING
            ),
            announced AS (
                INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at)
                SELECT id, tenant_id, queue, priority, CAST(:now AS timestamptz)
                FROM reaped
                WHERE state = 'queued'
            )
            SELECT id, tenant_id, queue, priority, state
            FROM reaped
            """;

    /**
     * Ends up to {@code limit} attempts whose lease expired (the worker crashed or stalled), in one
     * statement: each counts as a failed attempt, recorded as {@code lease_expired}; the job goes
     * back to queued while its budget lasts (attempts left, and its {@code max_retry_duration} not
     * yet over since submission or the last manual retry), with its outbox row, else dead.
     */
    public List<ReapedJob> reapExpiredLeases(Instant now, int limit) {
        return jdbc.sql(REAP_EXPIRED_LEASES)
                .param("now", SqlTime.param(now))
                .param("limit", limit)
                .query((rs, n) -> new ReapedJob(
                        rs.getObject("id", UUID.class),
                        rs.getObject("tenant_id", UUID.class),
                        rs.getString("queue"),
                        Priority.fromWireName(rs.getString("priority")),
                        JobState.fromWireName(rs.getString("state"))))
                .list();
    }

    private static final String REQUEUE_STALE = """
            WITH stale AS (
                SELECT id
                FROM jobs
                WHERE state = 'queued'
                  AND queued_at < :queuedBefore
                  AND priority = ANY(:priorities::text[])
                  AND parked_until IS NULL
                  AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.job_id = jobs.id)
                ORDER BY queued_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ),
            requeued AS (
                UPDATE jobs
                SET queued_at = :now,
                    updated_at = :now
                FROM stale
                WHERE jobs.id = stale.id
                RETURNING jobs.id, jobs.tenant_id, jobs.queue, jobs.priority
            ),
            announced AS (
                INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at)
                SELECT id, tenant_id, queue, priority, CAST(:now AS timestamptz)
                FROM requeued
            )
            SELECT id, tenant_id, queue, priority
            FROM requeued
            """;

    /**
     * Finds jobs of the given priorities queued before {@code queuedBefore} that no worker claimed
     * and no outbox row still announces: their Kafka record was lost (or the topic recreated).
     * Marks them queued anew and writes their outbox rows, so they are published again.
     */
    public List<DueJob> requeueStale(Collection<Priority> priorities, Instant queuedBefore, Instant now, int limit) {
        return jdbc.sql(REQUEUE_STALE)
                .param("priorities", priorities.stream().map(Priority::wireName).toArray(String[]::new))
                .param("queuedBefore", SqlTime.param(queuedBefore))
                .param("now", SqlTime.param(now))
                .param("limit", limit)
                .query(DUE_JOB)
                .list();
    }

    private static final String RENEW_LEASES = """
            WITH held AS (
                SELECT id, lease_expires_at, lease_expires_at < :renewBefore AS due
                FROM jobs
                WHERE id = ANY(:ids::uuid[])
                  AND state IS NOT DISTINCT FROM 'running'
                  AND lease_owner = :owner
            ),
            renewed AS (
                UPDATE jobs
                SET lease_expires_at = GREATEST(lease_expires_at, :until)
                WHERE id = ANY(ARRAY(SELECT id FROM held WHERE due))
                  AND state IS NOT DISTINCT FROM 'running'
                  AND lease_owner = :owner
                RETURNING id, lease_expires_at
            )
            SELECT held.id,
                   renewed.id IS NOT NULL AS renewed,
                   COALESCE(renewed.lease_expires_at, held.lease_expires_at) AS lease_expires_at
            FROM held
            LEFT JOIN renewed ON renewed.id = held.id
            """;

    /**
     * The worker's heartbeat, in one statement: finds which of {@code ids} are still leased to
     * {@code owner}, and extends those of their leases that expire before {@code renewBefore} to at
     * least {@code until}. A lease with time to spare is left as it is: every update of a job
     * writes a new row version and new index entries, and most attempts end long before their
     * lease needs renewing.
     *
     * @return the ids still leased to {@code owner} (a missing id was cancelled or reaped, and its
     *     request should be aborted) with when each lease now ends, and how many leases were extended
     */
    public LeaseCheck renewLeases(List<UUID> ids, String owner, Instant renewBefore, Instant until) {
        if (ids.isEmpty()) {
            return new LeaseCheck(Map.of(), 0);
        }
        record Held(UUID id, boolean renewed, Instant leaseExpiresAt) {}
        List<Held> held = jdbc.sql(RENEW_LEASES)
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .param("owner", owner)
                .param("renewBefore", SqlTime.param(renewBefore))
                .param("until", SqlTime.param(until))
                .query((rs, n) -> new Held(
                        rs.getObject("id", UUID.class), rs.getBoolean("renewed"), SqlTime.read(rs, "lease_expires_at")))
                .list();
        return new LeaseCheck(held.stream().collect(Collectors.toMap(Held::id, Held::leaseExpiresAt)), (int)
                held.stream().filter(Held::renewed).count());
    }

    private static final String HAND_BACK = """
            WITH handed AS (
                UPDATE jobs
                SET state = 'queued',
                    queued_at = :now,
                    last_error = :reason,
                    budget_start_attempt = budget_start_attempt + 1,
                    lease_owner = NULL,
                    lease_expires_at = NULL,
                    updated_at = :now
                WHERE id = ANY(:ids::uuid[])
                  AND state IS NOT DISTINCT FROM 'running'
                  AND lease_owner = :owner
                RETURNING id, tenant_id, queue, priority, attempt, started_at
            ),
            recorded AS (
                INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, error,
                                          duration_ms)
                SELECT id, attempt, CAST(:owner AS text), started_at, CAST(:now AS timestamptz), 'failed',
                       CAST(:reason AS text),
                       LEAST(2147483647, GREATEST(0, EXTRACT(EPOCH FROM CAST(:now AS timestamptz) - started_at) * 1000))::integer
                FROM handed
                ON CONFLICT (job_id, attempt) DO NOTHING
            ),
            announced AS (
                INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at)
                SELECT id, tenant_id, queue, priority, CAST(:now AS timestamptz)
                FROM handed
            )
            SELECT id, tenant_id, queue, priority
            FROM handed
            """;

    /**
     * A stopping worker returns the jobs it still holds: back to queued at once (not after the
     * lease expires) with their outbox rows, the interrupted attempt recorded as failed with
     * {@code reason}. The interrupted attempt keeps its number (its request went out, with that
     * {@code Foreman-Attempt}) but is not charged to the attempt budget: the worker stopped, the job
     * did not fail, so the job still has as many attempts left as before it, and never more than
     * {@code max_attempts} that ran to an end.
     */
    public List<DueJob> handBack(List<UUID> ids, String owner, String reason, Instant now) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(HAND_BACK)
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .param("owner", owner)
                .param("reason", reason)
                .param("now", SqlTime.param(now))
                .query(DUE_JOB)
                .list();
    }

    // A claim whose commit outcome is unknown (the connection broke during the commit) is undone, as
    // if it had not happened: no attempt row exists for it yet, so its attempt number is given back.
    private static final String RELEASE_CLAIMS = """
            WITH released AS (
                UPDATE jobs
                SET state = 'queued',
                    attempt = attempt - 1,
                    queued_at = :now,
                    lease_owner = NULL,
                    lease_expires_at = NULL,
                    updated_at = :now
                WHERE id = ANY(:ids::uuid[])
                  AND state IS NOT DISTINCT FROM 'running'
                  AND lease_owner = :owner
                  AND NOT EXISTS (
                      SELECT 1
                      FROM job_attempts
                      WHERE job_attempts.job_id = jobs.id
                        AND job_attempts.attempt = jobs.attempt
                  )
                RETURNING id, tenant_id, queue, priority
            ),
            announced AS (
                INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at)
                SELECT id, tenant_id, queue, priority, CAST(:now AS timestamptz)
                FROM released
            )
            SELECT id, tenant_id, queue, priority
            FROM released
            """;

    /**
     * Undoes the claims of {@code owner} on the given jobs that it never started: a claim whose
     * commit may or may not have happened (the worker saw the connection break, not the answer).
     * Each such job is queued again with its outbox row and its attempt number given back, so a
     * claim in doubt costs no job an attempt. A job the owner does not hold (the claim did not
     * commit, or it was cancelled since) is left alone. The caller must not be running any of them.
     */
    public List<DueJob> releaseClaims(List<UUID> ids, String owner, Instant now) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(RELEASE_CLAIMS)
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .param("owner", owner)
                .param("now", SqlTime.param(now))
                .query(DUE_JOB)
                .list();
    }

    private static final String CANCEL = """
            WITH target AS (
                SELECT id, state, lease_owner, attempt, started_at
                FROM jobs
                WHERE tenant_id = :tenantId
                  AND id = :id
                  AND state IN ('scheduled', 'queued', 'running', 'retrying')
                FOR UPDATE
            ),
            cancelled AS (
                UPDATE jobs
                SET state = 'cancelled',
                    finished_at = :now,
                    last_error = 'cancelled by request',
                    lease_owner = NULL,
                    lease_expires_at = NULL,
                    updated_at = :now
                FROM target
                WHERE jobs.id = target.id
                RETURNING jobs.*
            ),
            recorded AS (
                INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, error,
                                          duration_ms)
                SELECT target.id, target.attempt, target.lease_owner, target.started_at, CAST(:now AS timestamptz),
                       'cancelled', 'cancelled by request while running',
                       LEAST(2147483647, GREATEST(0, EXTRACT(EPOCH FROM CAST(:now AS timestamptz) - target.started_at) * 1000))::integer
                FROM target
                JOIN cancelled ON cancelled.id = target.id
                WHERE target.state = 'running'
                ON CONFLICT (job_id, attempt) DO NOTHING
            )
            SELECT *
            FROM cancelled
            """;

    /**
     * Cancels a tenant's job that is not terminal yet, in one statement. A running job loses its
     * lease, so its worker's finish changes nothing and its heartbeat learns to abort the request.
     *
     * @return the cancelled job; empty when the job does not exist for the tenant or is terminal
     */
    public Optional<Job> cancel(UUID tenantId, UUID id, Instant now) {
        return jdbc.sql(CANCEL)
                .param("tenantId", tenantId)
                .param("id", id)
                .param("now", SqlTime.param(now))
                .query(JobRowMapper.INSTANCE)
                .optional();
    }

    private static final String RETRY_BY_PERSON = """
            WITH retried AS (
                UPDATE jobs
                SET state = 'queued',
                    run_at = :now,
                    queued_at = :now,
                    finished_at = NULL,
                    budget_start_attempt = attempt,
                    budget_started_at = :now,
                    dlq_discarded_at = NULL,
                    updated_at = :now
                WHERE tenant_id = :tenantId
                  AND id = :id
                  AND state IN ('dead', 'cancelled')
                RETURNING *
            ),
            announced AS (
                INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at)
                SELECT id, tenant_id, queue, priority, CAST(:now AS timestamptz)
                FROM retried
            )
            SELECT *
            FROM retried
            """;

    /**
     * A person re-queues a dead or cancelled job, with its outbox row: a fresh attempt budget,
     * history kept.
     *
     * @return the re-queued job; empty when the job does not exist for the tenant or is not dead or cancelled
     */
    public Optional<Job> retryByPerson(UUID tenantId, UUID id, Instant now) {
        return jdbc.sql(RETRY_BY_PERSON)
                .param("tenantId", tenantId)
                .param("id", id)
                .param("now", SqlTime.param(now))
                .query(JobRowMapper.INSTANCE)
                .optional();
    }

    private static final String RETRY_DEAD_LETTER = """
            WITH retried AS (
                UPDATE jobs
                SET state = 'queued',
                    run_at = :now,
                    queued_at = :now,
                    finished_at = NULL,
                    budget_start_attempt = attempt,
                    budget_started_at = :now,
                    updated_at = :now
                WHERE tenant_id = :tenantId
                  AND id = :id
                  AND state = 'dead'
                  AND dlq_discarded_at IS NULL
                RETURNING *
            ),
            announced AS (
                INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at)
                SELECT id, tenant_id, queue, priority, CAST(:now AS timestamptz)
                FROM retried
            )
            SELECT *
            FROM retried
            """;

    /**
     * Like {@link #retryByPerson}, but only for a job in the tenant's dead-letter queue (dead and
     * not discarded), checked in the same statement so a concurrent discard cannot be undone.
     */
    public Optional<Job> retryDeadLetter(UUID tenantId, UUID id, Instant now) {
        return jdbc.sql(RETRY_DEAD_LETTER)
                .param("tenantId", tenantId)
                .param("id", id)
                .param("now", SqlTime.param(now))
                .query(JobRowMapper.INSTANCE)
                .optional();
    }

    private static final String RETRY_DEAD_LETTERS = """
            WITH picked AS (
                SELECT id
                FROM jobs
                WHERE tenant_id = :tenantId
                  AND state = 'dead'
                  AND dlq_discarded_at IS NULL
                  AND finished_at <= :deadBefore
                  AND (CAST(:queue AS text) IS NULL OR queue = :queue)
                  AND (CAST(:type AS text) IS NULL OR type = :type)
                  AND (CAST(:priority AS text) IS NULL OR priority = :priority)
                ORDER BY id
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ),
            retried AS (
                UPDATE jobs
                SET state = 'queued',
                    run_at = :now,
                    queued_at = :now,
                    finished_at = NULL,
                    budget_start_attempt = jobs.attempt,
                    budget_started_at = :now,
                    updated_at = :now
                FROM picked
                WHERE jobs.id = picked.id
                RETURNING jobs.id, jobs.tenant_id, jobs.queue, jobs.priority
            ),
            announced AS (
                INSERT INTO outbox (job_id, tenant_id, queue, priority, created_at)
                SELECT id, tenant_id, queue, priority, CAST(:now AS timestamptz)
                FROM retried
            )
            SELECT id, tenant_id, queue, priority
            FROM retried
            """;

    /**
     * Re-queues up to {@code limit} of a tenant's dead-letter jobs that match the filter (queue,
     * type and priority of {@code filter}; its state, cursor and limit are ignored) and died no
     * later than {@code deadBefore}, with their outbox rows. Call it in a loop, one transaction per
     * batch, until it returns fewer than the limit; pass the loop's start as {@code deadBefore} so
     * jobs that die again during the loop are not picked again and the loop ends.
     */
    public List<DueJob> retryDeadLetters(JobFilter filter, Instant deadBefore, Instant now, int limit) {
        return jdbc.sql(RETRY_DEAD_LETTERS)
                .param("tenantId", filter.tenantId())
                .param("deadBefore", SqlTime.param(deadBefore))
                .param("queue", filter.queue())
                .param("type", filter.type())
                .param(
                        "priority",
                        filter.priority() == null ? null : filter.priority().wireName())
                .param("now", SqlTime.param(now))
                .param("limit", limit)
                .query(DUE_JOB)
                .list();
    }

    private static final String FIND_DEAD_LETTER_PAGE = """
            SELECT *
            FROM jobs
            WHERE tenant_id = :tenantId
              AND state = 'dead'
              AND dlq_discarded_at IS NULL
              AND (CAST(:queue AS text) IS NULL OR queue = :queue)
              AND (CAST(:type AS text) IS NULL OR type = :type)
              AND (CAST(:priority AS text) IS NULL OR priority = :priority)
              AND (CAST(:after AS uuid) IS NULL OR id < :after)
            ORDER BY id DESC
            LIMIT :limit
            """;

    /** One page of a tenant's dead-letter queue (dead, not discarded), newest first; the filter's state is ignored. */
    public List<Job> findDeadLetterPage(JobFilter filter) {
        return jdbc.sql(FIND_DEAD_LETTER_PAGE)
                .param("tenantId", filter.tenantId())
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

    private static final String DISCARD_DEAD_LETTER = """
            UPDATE jobs
            SET dlq_discarded_at = :now,
                updated_at = :now
            WHERE tenant_id = :tenantId
              AND id = :id
              AND state = 'dead'
              AND dlq_discarded_at IS NULL
            """;

    /**
     * Removes a dead job from the dead-letter queue; the job stays readable.
     *
     * @return false when it is not in the tenant's dead-letter queue
     */
    public boolean discardDeadLetter(UUID tenantId, UUID id, Instant now) {
        return jdbc.sql(DISCARD_DEAD_LETTER)
                        .param("tenantId", tenantId)
                        .param("id", id)
                        .param("now", SqlTime.param(now))
                        .update()
                == 1;
    }

    private static final String DELETE_FINISHED = """
            WITH doomed AS (
                SELECT id
                FROM jobs
                WHERE state = :state
                  AND finished_at < :before
                ORDER BY finished_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ),
            deleted AS (
                DELETE FROM jobs
                USING doomed
                WHERE jobs.id = doomed.id
                RETURNING jobs.id
            ),
            attempts_deleted AS (
                DELETE FROM job_attempts
                WHERE job_id = ANY(ARRAY(SELECT id FROM deleted))
            ),
            holds_deleted AS (
                DELETE FROM job_holds
                WHERE job_id = ANY(ARRAY(SELECT id FROM deleted))
            )
            SELECT id
            FROM deleted
            """;

    /**
     * Retention: deletes up to {@code limit} jobs in the terminal {@code state} (any other state is
     * refused) that finished before {@code before}, oldest first. SKIP LOCKED, so a sweep never
     * waits on (or blocks) a row another transaction holds; their attempts are deleted in the same
     * statement, their callbacks by ON DELETE CASCADE. Call it in small batches, each its own
     * transaction.
     */
    public List<UUID> deleteFinished(JobState state, Instant before, int limit) {
        if (!state.isTerminal()) {
            throw new IllegalArgumentException("Retention deletes only ended jobs, not " + state.wireName() + " ones");
        }
        return jdbc.sql(DELETE_FINISHED)
                .param("state", state.wireName())
                .param("before", SqlTime.param(before))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    private static final RowMapper<DueJob> DUE_JOB = (rs, n) -> new DueJob(
            rs.getObject("id", UUID.class),
            rs.getObject("tenant_id", UUID.class),
            rs.getString("queue"),
            Priority.fromWireName(rs.getString("priority")));

    private static <T> String[] column(List<T> rows, Function<T, String> value) {
        String[] column = new String[rows.size()];
        for (int i = 0; i < column.length; i++) {
            column[i] = value.apply(rows.get(i));
        }
        return column;
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String millis(Duration duration) {
        return duration == null ? null : String.valueOf(duration.toMillis());
    }
}
