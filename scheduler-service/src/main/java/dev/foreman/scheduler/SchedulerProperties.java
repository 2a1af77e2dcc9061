package dev.foreman.scheduler;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the scheduler elects its leader and what the leader does, how often
 * ({@code foreman.scheduler.*}).
 *
 * @param leaderTtl how long the leader lock lives without renewal: a dead leader is replaced within
 *     this time and a third, and the lock is renewed (and a standby retries) every third of it; with
 *     the reap interval it bounds how long an expired lease waits after the leader died (5 s, 1 s:
 *     under 8 s, inside issue #20's 10 s)
 * @param promoteInterval how often the leader looks for scheduled and retrying jobs that are due,
 *     which bounds how late a job can start
 * @param promoteLookahead how far ahead of its run time a job is promoted: it reaches its worker
 *     early and waits there until its run time, so neither the promote interval nor the trip
 *     through the outbox and Kafka makes it late; keep it above the promote interval, and its
 *     product with the peak rate of jobs falling due below the workers' in-flight capacity, since
 *     an early job holds a slot while it waits
 * @param promoteBatchSize the most due jobs moved to queued in one transaction; a full batch is
 *     followed at once by the next
 * @param reapInterval how often the leader looks for running jobs whose lease expired (their
 *     worker crashed or stalled), which adds to how long such a job waits before it runs again
 * @param reapBatchSize the most expired leases ended in one transaction; a full batch is followed
 *     at once by the next
 * @param lostCheckInterval how often the leader looks for queued jobs whose Kafka record was lost
 * @param queuedTimeout how long a job may stay queued, unclaimed and already published, before its
 *     Kafka record counts as lost and it is published again; keep it above the longest wait a
 *     healthy backlog causes, since each re-publish of a job still in Kafka is a duplicate delivery
 *     (harmless, as the claim absorbs it, but extra work)
 * @param lostBatchSize the most lost jobs published again in one transaction; a full batch is
 *     followed at once by the next
 * @param workerConsumerGroup the workers' Kafka consumer group ({@code foreman.worker.consumer-group}):
 *     a job's record counts as lost only once this group has read its dispatch topic past the
 *     records written before the job could have been, so a backlog is never published again
 * @param cronInterval how often the leader fires the cron schedules that are due, which bounds how
 *     late a cron job is created
 * @param cronBatchSize the most due schedules fired in one transaction; a full batch is followed at
 *     once by the next
 * @param misfireThreshold how late a fire may be and still count as on time: a later one (the
 *     scheduler was down or cut off) is a misfire, and the schedule's misfire policy decides
 *     whether it fires
 * @param maxCatchUp the most fires of one schedule that one round handles one by one, the most
 *     recent ones: with {@code fire_all} the most that fire after an outage, with {@code skip} and
 *     {@code fire_once} the most recorded as skipped; older missed fires are skipped without a
 *     record (and counted in the metrics)
 * @param retentionInterval how often the leader deletes terminal jobs and fire records that are
 *     past their retention
 * @param retentionBatchSize the most jobs (or fire records) deleted in one transaction, which keeps
 *     each delete's locks short; a full batch is followed at once by the next
 * @param retention how long terminal jobs and fire records are kept
 * @param quotaReconcileInterval how often the leader sets each tenant's active-jobs counter in Redis
 *     (the api-service's {@code max_active_jobs} quota) to the true count from Postgres; jobs that
 *     ended leave the count then, so it is also how long a tenant at its quota may wait for room
 * @param gaugeInterval how often the leader samples the system-wide gauges it publishes: queue
 *     depth and oldest queued age by queue, outbox backlog, the workers' Kafka consumer lag and
 *     the live workers (docs/metrics.md); each sample is a few small queries and one Kafka admin
 *     round trip, and a gauge is at most this old
 */
@Validated
@ConfigurationProperties("foreman.scheduler")
public record SchedulerProperties(
        @DefaultValue("5s") @NotNull @DurationMin(seconds = 1)
        Duration leaderTtl,

        @DefaultValue("100ms") @NotNull @DurationMin(millis = 1)
        Duration promoteInterval,

        @DefaultValue("500ms") @NotNull Duration promoteLookahead,

        @DefaultValue("500") @Min(1) int promoteBatchSize,

        @DefaultValue("1s") @NotNull @DurationMin(millis = 1)
        Duration reapInterval,

        @DefaultValue("500") @Min(1) int reapBatchSize,

        @DefaultValue("10s") @NotNull @DurationMin(millis = 1)
        Duration lostCheckInterval,

        @DefaultValue("5m") @NotNull @DurationMin(seconds = 1)
        Duration queuedTimeout,

        @DefaultValue("500") @Min(1) int lostBatchSize,

        @DefaultValue("foreman-workers") @NotBlank String workerConsumerGroup,

        @DefaultValue("500ms") @NotNull @DurationMin(millis = 1)
        Duration cronInterval,

        @DefaultValue("100") @Min(1) int cronBatchSize,

        @DefaultValue("1m") @NotNull @DurationMin(seconds = 1)
        Duration misfireThreshold,

        @DefaultValue("100") @Min(1) int maxCatchUp,

        @DefaultValue("1m") @NotNull @DurationMin(millis = 1)
        Duration retentionInterval,

        @DefaultValue("500") @Min(1) int retentionBatchSize,

        @DefaultValue @NotNull @Valid Retention retention,

        @DefaultValue("5s") @NotNull @DurationMin(millis = 100)
        Duration quotaReconcileInterval,

        @DefaultValue("15s") @NotNull @DurationMin(millis = 100)
        Duration gaugeInterval) {

    /**
     * How long terminal jobs (with their attempts and callbacks) and fire records are kept, counted
     * from when the job finished or the fire was due. A repeated {@code Idempotency-Key} answers
     * the first job only while that job is kept.
     *
     * @param succeeded how long a succeeded job is kept
     * @param dead how long a dead job (in the dead-letter queue or discarded from it) is kept
     * @param cancelled how long a cancelled job is kept
     * @param fires how long a schedule's record of one fire (fired or skipped) is kept; as a fence
     *     against a second leader a record matters only until its schedule moved past that fire
     *     time (in the same transaction), so past that it is history for people
     */
    public record Retention(
            @DefaultValue("7d") @NotNull @DurationMin(hours = 1)
            Duration succeeded,

            @DefaultValue("30d") @NotNull @DurationMin(hours = 1)
            Duration dead,

            @DefaultValue("30d") @NotNull @DurationMin(hours = 1)
            Duration cancelled,

            @DefaultValue("30d") @NotNull @DurationMin(hours = 1)
            Duration fires) {}
}
