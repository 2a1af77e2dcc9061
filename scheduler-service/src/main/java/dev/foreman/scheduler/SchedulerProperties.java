package dev.foreman.scheduler;

import jakarta.validation.constraints.Min;
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
 *     this time, and the lock is renewed (and a standby retries) every third of it
 * @param promoteInterval how often the leader looks for scheduled and retrying jobs that are due,
 *     which bounds how late a job can start
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
 */
@Validated
@ConfigurationProperties("foreman.scheduler")
public record SchedulerProperties(
        @DefaultValue("10s") @NotNull @DurationMin(seconds = 1)
        Duration leaderTtl,

        @DefaultValue("100ms") @NotNull @DurationMin(millis = 1)
        Duration promoteInterval,

        @DefaultValue("500") @Min(1) int promoteBatchSize,

        @DefaultValue("1s") @NotNull @DurationMin(millis = 1)
        Duration reapInterval,

        @DefaultValue("500") @Min(1) int reapBatchSize,

        @DefaultValue("10s") @NotNull @DurationMin(millis = 1)
        Duration lostCheckInterval,

        @DefaultValue("5m") @NotNull @DurationMin(seconds = 1)
        Duration queuedTimeout,

        @DefaultValue("500") @Min(1) int lostBatchSize) {}
