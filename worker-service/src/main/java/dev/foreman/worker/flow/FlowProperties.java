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
 * @param tenantShare the fraction of the live fleet's attempt slots one tenant's attempts may hold at
 *     once, so one tenant's slow target cannot take every slot; 1 turns the cap off
 * @param recheck how long a job parked behind a concurrency limit waits at most before it is looked at
 *     again, when no finishing attempt woke it (a worker that crashed holding a permit wakes nobody)
 * @param settingsTtl how long a worker trusts the queue limits it read; a pause is read at every claim
 */
@Validated
@ConfigurationProperties("foreman.worker.flow")
public record FlowProperties(
        @DefaultValue("0.5") @DecimalMin("0.0001") @DecimalMax("1")
        double tenantShare,

        @DefaultValue("10s") @NotNull Duration recheck,
        @DefaultValue("1s") @NotNull Duration settingsTtl) {}
