package dev.foreman.worker.finish;

import dev.foreman.common.job.RetryPolicy;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The wait before a retry, Cloud Tasks' model: the ceiling is min(maxBackoff, minBackoff ×
 * 2^min(attempt-1, maxDoublings)) and the wait is drawn uniformly from [0, ceiling] (full
 * jitter), so a crowd of jobs failing together does not come back together. Callback deliveries
 * back off the same way.
 */
public final class Backoff {
    private final RandomGenerator random;

    /** The random source must be safe to share between threads: attempts finish concurrently. */
    public Backoff(RandomGenerator random) {
        this.random = random;
    }

    /** The longest wait after failed attempt number {@code attempt} (1-based). */
    static Duration ceiling(int attempt, RetryPolicy policy) {
        long min = policy.minBackoff().toMillis();
        long max = policy.maxBackoff().toMillis();
        int doublings = Math.max(0, Math.min(attempt - 1, policy.maxDoublings()));
        if (min == 0) {
            return Duration.ZERO;
        }
        // min << doublings would overflow long long before it could matter: the cap wins anyway.
        if (doublings >= Long.SIZE - 1 || min > (max >> doublings)) {
            return Duration.ofMillis(max);
        }
        return Duration.ofMillis(Math.min(max, min << doublings));
    }

    /**
     * The wait after failed attempt number {@code attempt}, jittered, and never shorter than
     * {@code notBefore} (what the target asked for with {@code Retry-After}).
     */
    public Duration delay(int attempt, RetryPolicy policy, Duration notBefore) {
        long ceiling = ceiling(attempt, policy).toMillis();
        Duration jittered = Duration.ofMillis(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
        return jittered.compareTo(notBefore) >= 0 ? jittered : notBefore;
    }
}
