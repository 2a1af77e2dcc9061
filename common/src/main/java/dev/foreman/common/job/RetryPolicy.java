package dev.foreman.common.job;

import java.time.Duration;

/**
 * When and how often a failed attempt is retried (Cloud Tasks' model, DESIGN §4): delay =
 * min(maxBackoff, minBackoff × 2^min(n-1, maxDoublings)) with full jitter, until maxAttempts or
 * maxRetryDuration (null: no limit), whichever comes first.
 */
public record RetryPolicy(
        int maxAttempts, Duration minBackoff, Duration maxBackoff, int maxDoublings, Duration maxRetryDuration) {}
