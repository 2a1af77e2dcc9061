package dev.foreman.common.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A job's creation or change of state as the {@code jobs} trigger recorded it: the job's state
 * and attempt after the change, and the job's {@code updated_at} as its time.
 *
 * @param seq the row's place in the order of recording; a job's changes have rising numbers
 * @param fromState the state before the change, {@code null} for a creation
 */
public record RecordedJobEvent(
        long seq,
        UUID tenantId,
        UUID jobId,
        String queue,
        String type,
        String priority,
        String fromState,
        String state,
        int attempt,
        Instant at) {}
