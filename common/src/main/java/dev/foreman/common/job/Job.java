package dev.foreman.common.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job as stored. {@code payload} is the raw JSON text (or null): Foreman never interprets it,
 * it is sent to the target as the request body.
 */
public record Job(
        UUID id,
        UUID tenantId,
        String queue,
        String type,
        Priority priority,
        JobState state,
        int attempt,
        Instant runAt,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        JobTarget target,
        String payload,
        Duration timeout,
        RetryPolicy retry,
        String lastError,
        JobResult result,
        String idempotencyKey,
        String callbackUrl,
        Map<String, String> labels,
        UUID scheduleId,
        String leaseOwner,
        Instant leaseExpiresAt) {

    public int maxAttempts() {
        return retry.maxAttempts();
    }
}
