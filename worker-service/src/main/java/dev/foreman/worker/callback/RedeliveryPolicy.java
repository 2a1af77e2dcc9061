package dev.foreman.worker.callback;

import dev.foreman.common.callback.CallbackState;
import dev.foreman.common.job.RetryPolicy;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.finish.Backoff;
import java.time.Duration;
import java.time.Instant;

/**
 * What a delivery means for its callback. A 2xx delivers it. Anything else is tried again after
 * the same full-jitter back-off as a job's retries, until {@code max-deliveries} deliveries were
 * made; then the callback is given up as failed. A URL that cannot be requested fails at once, and
 * a delivery cut off by the worker stopping is due again at once (it still counts as a delivery).
 */
final class RedeliveryPolicy {
    private final Backoff backoff;
    private final RetryPolicy retry;

    RedeliveryPolicy(Backoff backoff, WorkerProperties.Callbacks settings) {
        this.backoff = backoff;
        // Doubling stops only at max-backoff; no overall deadline, max-deliveries bounds how long we try.
        this.retry = new RetryPolicy(
                settings.maxDeliveries(), settings.minBackoff(), settings.maxBackoff(), Integer.MAX_VALUE, null);
    }

    /** The callback's state after delivery number {@code delivery} (1-based) ended at {@code now}. */
    Verdict decide(int delivery, DeliveryResult result, Instant now) {
        if (result.delivered()) {
            return new Verdict(CallbackState.DELIVERED, now);
        }
        return switch (result.kind()) {
            case INVALID_URL -> new Verdict(CallbackState.FAILED, now);
            case ABORTED -> new Verdict(CallbackState.PENDING, now);
            case ANSWERED, NO_ANSWER ->
                delivery >= retry.maxAttempts()
                        ? new Verdict(CallbackState.FAILED, now)
                        : new Verdict(CallbackState.PENDING, now.plus(backoff.delay(delivery, retry, Duration.ZERO)));
        };
    }

    /**
     * @param nextAttemptAt when a pending callback is due again; the time of the decision otherwise
     */
    record Verdict(CallbackState state, Instant nextAttemptAt) {}
}
