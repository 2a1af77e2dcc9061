package dev.foreman.common.job;

import java.util.UUID;

/**
 * A running job whose lease expired: the attempt counts as failed, and the job went back to
 * {@code queued} (budget left, with its outbox row) or to {@code dead}.
 */
public record ReapedJob(UUID id, UUID tenantId, String queue, Priority priority, JobState state) {}
