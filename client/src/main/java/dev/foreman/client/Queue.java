package dev.foreman.client;

import java.util.Map;

/**
 * A queue as {@code /v1/queues} shows it: whether it is paused, its limits (null: none), how many
 * of its jobs are in each state and how long the oldest queued one has waited.
 */
public record Queue(
        String name,
        boolean paused,
        Integer maxConcurrency,
        RateLimit rateLimit,
        Map<String, Long> counts,
        Long oldestQueuedAgeMs) {

    /** A token bucket: {@code perSecond} starts a second on average, up to {@code burst} at once. */
    public record RateLimit(Double perSecond, Integer burst) {}
}
