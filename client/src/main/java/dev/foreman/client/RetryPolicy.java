package dev.foreman.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the client retries a call that failed for a passing reason: a network error, {@code 429} or
 * {@code 503}. The wait before retry {@code n} is a random time up to {@code min(maxBackoff,
 * minBackoff × 2^(n-1))} (full jitter), and never shorter than the answer's {@code Retry-After}.
 * Retries stop after {@code maxAttempts} tries or once {@code maxElapsed} has passed.
 *
 * <p>Submits are always safe to retry: each carries an {@code Idempotency-Key} (the client makes
 * one when the caller gives none), so a repeat of a stored submit answers the stored job. Other
 * writes (cancel, retry, pause, ...) are retried only when the API refused them before reading
 * them ({@code 429}, {@code 503 overloaded}); reads are retried on every passing failure.
 */
public record RetryPolicy(int maxAttempts, Duration minBackoff, Duration maxBackoff, Duration maxElapsed) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxElapsed, "maxElapsed");
    }

    /** Six tries in all, waiting 100 ms doubling up to 5 s, for at most 60 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    /** One try: every failure reaches the caller at once. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** The wait before try {@code nextAttempt} (2 for the first retry), at least {@code retryAfter}. */
    Duration backoff(int nextAttempt, Duration retryAfter) {
        int doublings = Math.min(nextAttempt - 2, 30);
        long ceiling = Math.min(maxBackoff.toMillis(), minBackoff.toMillis() << Math.max(0, doublings));
        long jittered = ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
        Duration wait = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
    }
}
