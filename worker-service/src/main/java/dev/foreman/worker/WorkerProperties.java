package dev.foreman.worker;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a worker takes, bounds and delivers work ({@code foreman.worker.*}).
 *
 * @param consumerGroup the Kafka consumer group all workers share; each dispatch record goes to one of them
 * @param maxInFlight the most dispatches one worker runs at once; when reached, intake pauses
 * @param maxPollRecords the most records one poll returns; never more than the free in-flight capacity
 * @param pollTimeout how long one poll waits for records, which also bounds how fast intake reacts to
 *     freed capacity and to shutdown
 * @param lowPriorityShare while a higher priority has a backlog, every this-many-th poll serves the paused
 *     lower priorities instead, so they are never starved; 0 means strict priority
 * @param leaseMargin how much longer than the job's timeout a claim's lease lasts, before the reaper may
 *     hand the job to another worker
 * @param connectTimeout how long opening a connection to a target may take
 * @param shutdownGrace how long a stopping worker waits for its in-flight dispatches to finish
 */
@Validated
@ConfigurationProperties("foreman.worker")
public record WorkerProperties(
        @DefaultValue("foreman-workers") @NotBlank String consumerGroup,
        @DefaultValue("256") @Min(1) int maxInFlight,
        @DefaultValue("128") @Min(1) int maxPollRecords,
        @DefaultValue("100ms") @NotNull Duration pollTimeout,
        @DefaultValue("10") @Min(0) int lowPriorityShare,
        @DefaultValue("30s") @NotNull Duration leaseMargin,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("20s") @NotNull Duration shutdownGrace) {}
