package dev.foreman.scheduler;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the scheduler elects its leader and promotes due jobs ({@code foreman.scheduler.*}).
 *
 * @param leaderTtl how long the leader lock lives without renewal: a dead leader is replaced within
 *     this time, and the lock is renewed (and a standby retries) every third of it
 * @param promoteInterval how often the leader looks for scheduled and retrying jobs that are due,
 *     which bounds how late a job can start
 * @param promoteBatchSize the most due jobs moved to queued in one transaction; a full batch is
 *     followed at once by the next
 */
@Validated
@ConfigurationProperties("foreman.scheduler")
public record SchedulerProperties(
        @DefaultValue("10s") @NotNull Duration leaderTtl,
        @DefaultValue("100ms") @NotNull Duration promoteInterval,
        @DefaultValue("500") @Min(1) int promoteBatchSize) {}
