package dev.foreman.common.schedule;

import java.time.Instant;
import java.util.UUID;

/** A cron schedule as stored. {@code nextFireAt} is null while paused. */
public record Schedule(
        UUID id,
        UUID tenantId,
        String name,
        String cron,
        String timeZone,
        JobTemplate jobTemplate,
        MisfirePolicy misfirePolicy,
        OverlapPolicy overlapPolicy,
        boolean paused,
        Instant nextFireAt,
        Instant lastFiredAt,
        Instant createdAt,
        Instant updatedAt) {}
