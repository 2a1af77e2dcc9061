package dev.foreman.common.outbox;

import dev.foreman.common.job.Priority;
import java.time.Instant;
import java.util.UUID;

/**
 * A job waiting to be published to its priority topic, with the trace context its record is to
 * continue (the job's {@code traceparent}, or null).
 */
public record OutboxEntry(
        long id, UUID jobId, UUID tenantId, String queue, Priority priority, Instant createdAt, String traceparent) {

    /** An entry of a job without a trace context. */
    public OutboxEntry(long id, UUID jobId, UUID tenantId, String queue, Priority priority, Instant createdAt) {
        this(id, jobId, tenantId, queue, priority, createdAt, null);
    }
}
