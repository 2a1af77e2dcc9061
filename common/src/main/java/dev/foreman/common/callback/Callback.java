package dev.foreman.common.callback;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A job's callback and its delivery history, first delivery first. */
public record Callback(
        long id,
        UUID jobId,
        String url,
        String jobState,
        CallbackState state,
        Instant nextAttemptAt,
        Instant createdAt,
        List<CallbackDelivery> deliveries) {}
