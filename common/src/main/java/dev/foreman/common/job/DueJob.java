package dev.foreman.common.job;

import java.util.UUID;

/** The routing facts of a job that has just become queued: what its outbox row needs. */
public record DueJob(UUID id, UUID tenantId, String queue, Priority priority) {}
