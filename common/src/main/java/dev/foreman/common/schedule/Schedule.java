package dev.foreman.common.schedule;

import java.time.Instant;
import java.util.UUID;

/**
 * A cron schedule as stored. {@code nextFireAt} is null while paused. {@code traceparent} is the
 * trace context of the request that created it (or null), which each fire's trace links to.
 */
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
        Instant updatedAt,
        String traceparent) {

    /** This schedule, created in the trace {@code traceparent}. */
    public Schedule withTraceparent(String traceparent) {
        return new Schedule(
                id,
                tenantId,
                name,
                cron,
                timeZone,
                jobTemplate,
                misfirePolicy,
                overlapPolicy,
                paused,
                nextFireAt,
                lastFiredAt,
                createdAt,
                updatedAt,
                traceparent);
    }
}
