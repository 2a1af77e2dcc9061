package dev.foreman.common.job;

import java.util.UUID;

/** The routing facts of a job that has just become queued: what its outbox row and Kafka record carry. */
public record DueJob(UUID id, UUID tenantId, String queue, Priority priority) {

    /** The routing facts of a stored job. */
    public static DueJob of(Job job) {
        return new DueJob(job.id(), job.tenantId(), job.queue(), job.priority());
    }
}
