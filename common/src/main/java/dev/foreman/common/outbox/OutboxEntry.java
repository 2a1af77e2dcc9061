package dev.foreman.common.outbox;

import dev.foreman.common.job.Priority;
import java.time.Instant;
import java.util.UUID;

/** A job waiting to be published to its priority topic. */
public record OutboxEntry(long id, UUID jobId, UUID tenantId, String queue, Priority priority, Instant createdAt) {}
