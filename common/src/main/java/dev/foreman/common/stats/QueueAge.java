package dev.foreman.common.stats;

import java.time.Instant;

/** When the oldest queued job of one queue name, over every tenant, was queued. */
public record QueueAge(String queue, Instant oldestQueuedAt) {}
