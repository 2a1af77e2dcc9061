package dev.foreman.common.stats;

import java.time.Instant;

/**
 * A tenant's outbox rows not yet published to Kafka: how many (counted up to a cap) and when the
 * oldest was written ({@code null} when there is none).
 */
public record OutboxBacklog(long pending, Instant oldestCreatedAt) {}
