package dev.foreman.common.schedule;

import dev.foreman.common.job.JobTarget;
import dev.foreman.common.job.Priority;
import dev.foreman.common.job.RetryPolicy;
import dev.foreman.common.job.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The one home of SQL on {@code schedules} and {@code schedule_fires}. */
public class ScheduleRepository {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final JdbcClient jdbc;

    public ScheduleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO schedules (id, tenant_id, name, cron, time_zone, job_template, misfire_policy, overlap_policy,
                                   paused, next_fire_at, created_at, updated_at, traceparent)
            VALUES (:id, :tenantId, :name, :cron, :timeZone, CAST(:jobTemplate AS jsonb), :misfirePolicy, :overlapPolicy,
                    :paused, :nextFireAt, :now, :now, :traceparent)
            ON CONFLICT (tenant_id, name) DO NOTHING
            RETURNING *
            """;

    /** Stores a new schedule; empty when the tenant already has one by that name. */
    public Optional<Schedule> insert(Schedule schedule, Instant now) {
        return writeSchedule(INSERT, schedule, now);
    }

    private static final String UPDATE = """
            UPDATE schedules
            SET name = :name,
                cron = :cron,
                time_zone = :timeZone,
                job_template = CAST(:jobTemplate AS jsonb),
                misfire_policy = :misfirePolicy,
                overlap_policy = :overlapPolicy,
                paused = :paused,
                next_fire_at = :nextFireAt,
                updated_at = :now
            WHERE tenant_id = :tenantId
              AND id = :id
            RETURNING *
            """;

    /** Replaces a tenant's schedule's settings (the caller recomputed {@code nextFireAt}). */
    public Optional<Schedule> update(Schedule schedule, Instant now) {
        return writeSchedule(UPDATE, schedule, now);
    }

    /**
     * Runs {@link #INSERT} or {@link #UPDATE}: both take every column of the schedule but the trace
     * context, which only the insert writes (a schedule keeps the trace it was created in).
     */
    private Optional<Schedule> writeSchedule(String sql, Schedule schedule, Instant now) {
        return jdbc.sql(sql)
                .param("id", schedule.id())
                .param("tenantId", schedule.tenantId())
                .param("name", schedule.name())
                .param("cron", schedule.cron())
                .param("timeZone", schedule.timeZone())
                .param("jobTemplate", writeTemplate(schedule.jobTemplate()))
                .param("misfirePolicy", schedule.misfirePolicy().wireName())
                .param("overlapPolicy", schedule.overlapPolicy().wireName())
                .param("paused", schedule.paused())
                .param("nextFireAt", SqlTime.param(schedule.nextFireAt()))
                .param("now", SqlTime.param(now))
                .param("traceparent", schedule.traceparent())
                .query(SCHEDULE)
                .optional();
    }

    private static final String FIND_BY_TENANT_AND_ID = """
            SELECT *
            FROM schedules
            WHERE tenant_id = :tenantId
              AND id = :id
            """;

    public Optional<Schedule> findByTenantAndId(UUID tenantId, UUID id) {
        return byTenantAndId(FIND_BY_TENANT_AND_ID, tenantId, id);
    }

    private static final String LOCK_BY_TENANT_AND_ID = """
            SELECT *
            FROM schedules
            WHERE tenant_id = :tenantId
              AND id = :id
            FOR UPDATE
            """;

    /**
     * Reads a tenant's schedule and locks it until the caller's transaction ends, so a change
     * computed from it cannot undo a fire that advanced it meanwhile (the scheduler advances a
     * schedule under the same lock). Call inside a transaction.
     */
    public Optional<Schedule> lockByTenantAndId(UUID tenantId, UUID id) {
        return byTenantAndId(LOCK_BY_TENANT_AND_ID, tenantId, id);
    }

    /** Runs {@link #FIND_BY_TENANT_AND_ID} or {@link #LOCK_BY_TENANT_AND_ID}. */
    private Optional<Schedule> byTenantAndId(String sql, UUID tenantId, UUID id) {
        return jdbc.sql(sql)
                .param("tenantId", tenantId)
                .param("id", id)
                .query(SCHEDULE)
                .optional();
    }

    private static final String FIND_PAGE = """
            SELECT *
            FROM schedules
            WHERE tenant_id = :tenantId
              AND (CAST(:after AS uuid) IS NULL OR id < :after)
            ORDER BY id DESC
            LIMIT :limit
            """;

    /** One page of a tenant's schedules, newest first, after the keyset cursor. */
    public List<Schedule> findPage(UUID tenantId, UUID after, int limit) {
        return jdbc.sql(FIND_PAGE)
                .param("tenantId", tenantId)
                .param("after", after)
                .param("limit", limit)
                .query(SCHEDULE)
                .list();
    }

    private static final String DELETE = """
            DELETE FROM schedules
            WHERE tenant_id = :tenantId
              AND id = :id
            """;

    /** Deletes a schedule and its fire records; jobs it already created stay. */
    public boolean delete(UUID tenantId, UUID id) {
        return jdbc.sql(DELETE).param("tenantId", tenantId).param("id", id).update() == 1;
    }

    private static final String LOCK_DUE = """
            SELECT *
            FROM schedules
            WHERE NOT paused
              AND next_fire_at <= :now
            ORDER BY next_fire_at
            LIMIT :limit
            FOR UPDATE SKIP LOCKED
            """;

    /** Locks up to {@code limit} due schedules no other scheduler holds, until the transaction ends. */
    public List<Schedule> lockDue(Instant now, int limit) {
        return jdbc.sql(LOCK_DUE)
                .param("now", SqlTime.param(now))
                .param("limit", limit)
                .query(SCHEDULE)
                .list();
    }

    private static final String RECORD_FIRE = """
            INSERT INTO schedule_fires (schedule_id, fire_at, job_id, outcome, recorded_at)
            VALUES (:scheduleId, :fireAt, :jobId, :outcome, :now)
            ON CONFLICT (schedule_id, fire_at) DO NOTHING
            """;

    /**
     * Records one fire time of a schedule. The primary key makes this the fence against double
     * fires: call it before creating the job, in the same transaction, and create the job only
     * when it answers true.
     */
    public boolean recordFire(UUID scheduleId, Instant fireAt, UUID jobId, FireOutcome outcome, Instant now) {
        return jdbc.sql(RECORD_FIRE)
                        .param("scheduleId", scheduleId)
                        .param("fireAt", SqlTime.param(fireAt))
                        .param("jobId", jobId)
                        .param("outcome", outcome.wireName())
                        .param("now", SqlTime.param(now))
                        .update()
                == 1;
    }

    private static final String ADVANCE = """
            UPDATE schedules
            SET next_fire_at = :nextFireAt,
                last_fired_at = COALESCE(:lastFiredAt, last_fired_at),
                updated_at = :now
            WHERE id = :id
            """;

    /** Moves a schedule on to its next fire time after firing (or skipping) the due ones. */
    public void advance(UUID id, Instant nextFireAt, Instant lastFiredAt, Instant now) {
        jdbc.sql(ADVANCE)
                .param("id", id)
                .param("nextFireAt", SqlTime.param(nextFireAt))
                .param("lastFiredAt", SqlTime.param(lastFiredAt))
                .param("now", SqlTime.param(now))
                .update();
    }

    private static final String HAS_ACTIVE_JOB = """
            SELECT EXISTS (
                SELECT 1
                FROM jobs
                WHERE schedule_id = :scheduleId
                  AND state IN ('scheduled', 'queued', 'running', 'retrying')
            )
            """;

    /** Whether a job of the schedule is still waiting or running: the overlap check. */
    public boolean hasActiveJob(UUID scheduleId) {
        return jdbc.sql(HAS_ACTIVE_JOB)
                .param("scheduleId", scheduleId)
                .query(Boolean.class)
                .single();
    }

    private static final String DELETE_FIRES_BEFORE = """
            WITH doomed AS (
                SELECT schedule_id, fire_at
                FROM schedule_fires
                WHERE fire_at < :before
                ORDER BY fire_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            )
            DELETE FROM schedule_fires
            USING doomed
            WHERE schedule_fires.schedule_id = doomed.schedule_id
              AND schedule_fires.fire_at = doomed.fire_at
            RETURNING schedule_fires.schedule_id
            """;

    /** Retention: deletes up to {@code limit} fire records of times before {@code before}, oldest first. */
    public List<UUID> deleteFiresBefore(Instant before, int limit) {
        return jdbc.sql(DELETE_FIRES_BEFORE)
                .param("before", SqlTime.param(before))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    private static final RowMapper<Schedule> SCHEDULE = ScheduleRepository::mapSchedule;

    private static Schedule mapSchedule(ResultSet rs, int rowNum) throws SQLException {
        return new Schedule(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("name"),
                rs.getString("cron"),
                rs.getString("time_zone"),
                readTemplate(rs.getString("job_template")),
                MisfirePolicy.fromWireName(rs.getString("misfire_policy")),
                OverlapPolicy.fromWireName(rs.getString("overlap_policy")),
                rs.getBoolean("paused"),
                SqlTime.read(rs, "next_fire_at"),
                SqlTime.read(rs, "last_fired_at"),
                SqlTime.read(rs, "created_at"),
                SqlTime.read(rs, "updated_at"),
                rs.getString("traceparent"));
    }

    /** The stored shape of a template: explicit units, so it reads the same whatever Jackson's defaults. */
    record StoredTemplate(
            String queue,
            String type,
            String priority,
            String targetUrl,
            String targetMethod,
            Map<String, String> targetHeaders,
            String payload,
            long timeoutMs,
            int maxAttempts,
            long minBackoffMs,
            long maxBackoffMs,
            int maxDoublings,
            Long maxRetryDurationMs,
            String callbackUrl,
            Map<String, String> labels) {}

    static String writeTemplate(JobTemplate t) {
        RetryPolicy retry = t.retry();
        return JSON.writeValueAsString(new StoredTemplate(
                t.queue(),
                t.type(),
                t.priority().wireName(),
                t.target().url(),
                t.target().method(),
                t.target().headers(),
                t.payload(),
                t.timeout().toMillis(),
                retry.maxAttempts(),
                retry.minBackoff().toMillis(),
                retry.maxBackoff().toMillis(),
                retry.maxDoublings(),
                retry.maxRetryDuration() == null
                        ? null
                        : retry.maxRetryDuration().toMillis(),
                t.callbackUrl(),
                t.labels()));
    }

    static JobTemplate readTemplate(String json) {
        StoredTemplate s = JSON.readValue(json, StoredTemplate.class);
        return new JobTemplate(
                s.queue(),
                s.type(),
                Priority.fromWireName(s.priority()),
                new JobTarget(s.targetUrl(), s.targetMethod(), s.targetHeaders()),
                s.payload(),
                Duration.ofMillis(s.timeoutMs()),
                new RetryPolicy(
                        s.maxAttempts(),
                        Duration.ofMillis(s.minBackoffMs()),
                        Duration.ofMillis(s.maxBackoffMs()),
                        s.maxDoublings(),
                        s.maxRetryDurationMs() == null ? null : Duration.ofMillis(s.maxRetryDurationMs())),
                s.callbackUrl(),
                s.labels() == null ? Map.of() : s.labels());
    }

    /**
     * The first key of the tenant-schedules lock: the two-key form of the advisory locks, which
     * shares no keys with the one-key locks elsewhere (leader, event relay, bootstrap).
     */
    static final int TENANT_SCHEDULES_LOCK = 0x53636864; // "Schd"

    private static final String LOCK_SCHEDULES_OF_TENANT = """
            SELECT pg_advisory_xact_lock(:lock, hashtext(CAST(:tenantId AS text)))
            """;

    /**
     * Serializes this transaction with every other one that takes the lock for the tenant, until it
     * ends: a create counts the tenant's schedules and inserts under it, so creates racing for the
     * last place under {@code max_schedules} take it one at a time. Two tenants whose ids hash alike
     * share a lock, which only makes them wait for each other.
     */
    public void lockSchedulesOfTenant(UUID tenantId) {
        jdbc.sql(LOCK_SCHEDULES_OF_TENANT)
                .param("lock", TENANT_SCHEDULES_LOCK)
                .param("tenantId", tenantId)
                .query()
                .singleValue();
    }

    private static final String COUNT_BY_TENANT = """
            SELECT count(*)
            FROM schedules
            WHERE tenant_id = :tenantId
            """;

    /** How many schedules the tenant has, for the {@code max_schedules} quota. */
    public long countByTenant(UUID tenantId) {
        return jdbc.sql(COUNT_BY_TENANT)
                .param("tenantId", tenantId)
                .query(Long.class)
                .single();
    }
}
