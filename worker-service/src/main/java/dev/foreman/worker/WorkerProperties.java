package dev.foreman.worker;

import dev.foreman.common.target.AddressRange;
import dev.foreman.common.target.TargetAddressPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a worker takes, bounds and delivers work ({@code foreman.worker.*}). Defaults are the values
 * below; {@code WorkerPropertiesTest} pins them.
 *
 * @param consumerGroup the Kafka consumer group all workers share; each dispatch record goes to one of them
 * @param maxInFlight the most dispatches one worker runs at once; when reached, intake pauses. A worker
 *     delivers at most this many jobs per target answer time (plus the time to record the result), and
 *     may hold as many keep-alive connections to one target
 * @param maxPollRecords the most records one poll returns; never more than the free in-flight capacity
 * @param pollTimeout how long one poll waits for records, which also bounds how fast intake reacts to
 *     freed capacity and to shutdown
 * @param lowPriorityShare while a higher priority has a backlog, every this-many-th poll serves the paused
 *     lower priorities instead, so they are never starved; 0 means strict priority
 * @param highPriorityReserve how many of the worker's slots only high-priority jobs may take (at most
 *     half of {@code max-in-flight}): a backlog of normal or low jobs never fills them, so a high job
 *     arriving behind a full worker starts at once instead of when the backlog frees a slot; 0 keeps
 *     none
 * @param leaseMargin how much longer than the job's timeout a claim's lease lasts, before the reaper may
 *     hand the job to another worker; each heartbeat also keeps the lease at least this far ahead
 * @param heartbeatInterval how often the worker renews the leases of its running attempts, and so also
 *     how soon it aborts the request of a job that was cancelled or reaped; must be shorter than
 *     {@code leaseMargin}
 * @param connectTimeout how long opening a connection to a target (or a callback receiver) may take
 * @param shutdownGrace how long a stopping worker waits for its in-flight dispatches and callback
 *     deliveries to finish before it aborts them and hands the jobs back
 * @param callbacks how terminal jobs are reported to their {@code callback_url}
 * @param targets which addresses dispatches and callbacks may connect to (the SSRF guard)
 */
@Validated
@ConfigurationProperties("foreman.worker")
public record WorkerProperties(
        @DefaultValue("foreman-workers") @NotBlank String consumerGroup,
        @DefaultValue("1024") @Min(1) int maxInFlight,
        @DefaultValue("512") @Min(1) int maxPollRecords,
        @DefaultValue("100ms") @NotNull Duration pollTimeout,
        @DefaultValue("10") @Min(0) int lowPriorityShare,
        @DefaultValue("16") @Min(0) int highPriorityReserve,
        @DefaultValue("30s") @NotNull Duration leaseMargin,
        @DefaultValue("2s") @NotNull Duration heartbeatInterval,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("20s") @NotNull Duration shutdownGrace,
        @DefaultValue @Valid Callbacks callbacks,
        @DefaultValue @Valid Targets targets) {

    /** The slots kept for high priority: {@code high-priority-reserve}, at most half of the slots. */
    public int effectiveHighPriorityReserve() {
        return Math.min(highPriorityReserve, maxInFlight / 2);
    }

    @AssertTrue(message = "heartbeat-interval must be positive and shorter than lease-margin")
    boolean isHeartbeatWithinLeaseMargin() {
        // A heartbeat that came less often than the margin would let live leases expire between beats.
        return heartbeatInterval == null
                || leaseMargin == null
                || (heartbeatInterval.isPositive() && heartbeatInterval.compareTo(leaseMargin) < 0);
    }

    /**
     * Delivery of job callbacks: a POST of the terminal job to its {@code callback_url}, retried
     * with back-off until it is answered 2xx or the deliveries run out.
     *
     * @param pollInterval how often the worker looks for callbacks that are due
     * @param batchSize the most callbacks one look claims
     * @param maxConcurrent the most callback deliveries one worker runs at once
     * @param timeout how long a callback receiver may take to answer one delivery
     * @param maxDeliveries how many deliveries a callback gets before it is given up as failed
     * @param minBackoff the longest wait after the first failed delivery; it doubles with each failure
     * @param maxBackoff the longest wait between two deliveries
     */
    public record Callbacks(
            @DefaultValue("250ms") @NotNull Duration pollInterval,
            @DefaultValue("32") @Min(1) int batchSize,
            @DefaultValue("64") @Min(1) int maxConcurrent,
            @DefaultValue("10s") @NotNull Duration timeout,
            @DefaultValue("10") @Min(1) int maxDeliveries,
            @DefaultValue("1s") @NotNull Duration minBackoff,
            @DefaultValue("1h") @NotNull Duration maxBackoff) {}

    /**
     * The SSRF guard at dispatch (DESIGN §4): every address a target's or callback's host resolves
     * to is checked, and the connection goes to the checked address. A refused one ends the job
     * {@code dead} (a callback {@code failed}), never retried.
     *
     * @param allowPrivate dev mode: loopback, private, CGNAT and unique-local addresses are allowed
     *     (never link-local or the cloud metadata ranges unless listed in {@code allow})
     * @param allow CIDR ranges allowed whatever the rules say, e.g. {@code 10.20.0.0/16}
     */
    public record Targets(
            @DefaultValue("false") boolean allowPrivate,
            @DefaultValue List<String> allow) {

        @AssertTrue(message = "allow must hold CIDR ranges like 10.0.0.0/8 or fd00::/8")
        boolean isAllowParsable() {
            try {
                policy();
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** The rules these settings make. */
        public TargetAddressPolicy policy() {
            return new TargetAddressPolicy(
                    allowPrivate, allow.stream().map(AddressRange::parse).toList());
        }
    }
}
