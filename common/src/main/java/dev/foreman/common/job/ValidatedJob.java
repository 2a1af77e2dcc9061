package dev.foreman.common.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job request once validated (from the API, or a schedule's template at a fire), about to be
 * inserted; stored, it is a {@link Job}. The state follows from {@code runAt}: due now means
 * {@code queued} (with an outbox row), later means {@code scheduled}.
 */
public record ValidatedJob(
        UUID id,
        String queue,
        String type,
        Priority priority,
        Instant runAt,
        JobTarget target,
        String payload,
        Duration timeout,
        RetryPolicy retry,
        String idempotencyKey,
        String callbackUrl,
        Map<String, String> labels,
        UUID scheduleId) {}
