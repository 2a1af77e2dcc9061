package dev.foreman.worker.flow;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Flow control in the worker ({@code foreman.worker.flow.*}). {@code FlowPropertiesTest} pins the defaults.
 *
 * @param tenantShare the fraction of each worker's attempt slots (so of the fleet's) one tenant's
 *     attempts may hold at once, so one tenant's slow target cannot take every slot; 1 turns the cap off
 * @param recheck how long a job parked behind a concurrency limit waits at most before it is looked at
 *     again, when no finishing attempt woke it (a worker that crashed holding a permit wakes nobody)
 * @param settingsTtl how long a worker trusts the queue limits it read; a pause is read at every claim
 * @param shareWait how long a claimed attempt of a tenant at its cap waits for one of the tenant's
 *     attempts to end before it is parked (and the tenant's further attempts are parked at once for
 *     as long), see {@link TenantShare}
 * @param reservedStartTolerance how late after the start its rate bucket reserved for it a job parked
 *     for that start may be claimed and still take it; a job claimed later asks its bucket again, once,
 *     so the starts missed while workers were stopped or slow are not all made at once, see {@link MissedStarts}
 */
@Validated
@ConfigurationProperties("foreman.worker.flow")
public record FlowProperties(
        @DefaultValue("0.5") @DecimalMin("0.0001") @DecimalMax("1")
        double tenantShare,

        @DefaultValue("10s") @NotNull Duration recheck,
        @DefaultValue("1s") @NotNull Duration settingsTtl,
        @DefaultValue("250ms") @NotNull Duration shareWait,
        @DefaultValue("500ms") @NotNull Duration reservedStartTolerance) {}
