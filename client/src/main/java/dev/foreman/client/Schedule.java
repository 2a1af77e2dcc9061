package dev.foreman.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A cron schedule as {@code /v1/schedules} shows it, with its next fire times. */
public record Schedule(
        UUID id,
        String name,
        String cron,
        String timeZone,
        JsonNode job,
        String misfirePolicy,
        String overlapPolicy,
        boolean paused,
        Instant nextFireAt,
        List<Instant> nextFireTimes,
        Instant lastFiredAt,
        Instant createdAt,
        Instant updatedAt) {}
