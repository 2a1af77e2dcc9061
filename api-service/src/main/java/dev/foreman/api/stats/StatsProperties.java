package dev.foreman.api.stats;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of {@code /v1/stats}, under {@code foreman.api.stats}; {@code StatsPropertiesTest} pins
 * the defaults.
 *
 * @param cacheTtl how long a tenant's stats are reused before they are read again
 * @param workerLiveness a worker whose last heartbeat is older than this no longer counts as live
 * @param foldInterval how often the count deltas the job triggers append are folded into the counts
 * @param foldBatchSize how many deltas one fold statement takes
 * @param foldEnabled whether this replica folds (any number may; they take different rows)
 */
@ConfigurationProperties("foreman.api.stats")
@Validated
public record StatsProperties(
        @DefaultValue("1s") @NotNull Duration cacheTtl,
        @DefaultValue("15s") @NotNull Duration workerLiveness,
        @DefaultValue("500ms") @NotNull Duration foldInterval,
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int foldBatchSize,
        @DefaultValue("true") boolean foldEnabled) {}
