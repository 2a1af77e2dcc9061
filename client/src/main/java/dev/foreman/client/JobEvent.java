package dev.foreman.client;

import java.time.Instant;
import java.util.UUID;

/** A state change of one job ({@code event: job}); {@code eventId} resumes a subscription after it. */
public record JobEvent(
        String eventId,
        UUID id,
        String queue,
        String type,
        Priority priority,
        JobState state,
        int attempt,
        Instant at) {}
