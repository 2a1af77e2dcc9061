package dev.foreman.common.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job as stored. {@code payload} is the raw JSON text (or null): Foreman never interprets it,
 * it is sent to the target as the request body. {@code budgetStartAttempt} and
 * {@code budgetStartedAt} mark where the current attempt budget began (0 and null until a person
 * retries the job). {@code traceparent} is the W3C trace context the job was submitted in (null
 * when there was none): its attempts and its callback continue that trace.
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
        Instant leaseExpiresAt,
        int budgetStartAttempt,
        Instant budgetStartedAt,
        String traceparent) {

    public int maxAttempts() {
        return retry.maxAttempts();
    }

    /** Attempts made since the job's budget began: at submission, or when a person last retried it. */
    public int attemptsInBudget() {
        return attempt - budgetStartAttempt;
    }

    /** Where {@code retry.maxRetryDuration} counts from: submission, or the last manual retry. */
    public Instant retryWindowStart() {
        return budgetStartedAt == null ? createdAt : budgetStartedAt;
    }
}
