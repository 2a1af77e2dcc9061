package dev.foreman.common.queue;

import java.util.UUID;

/**
 * What a tenant set for one of its queues. A queue nobody configured has {@link #defaults}.
 *
 * @param maxConcurrency the most attempts of the queue running at once across every worker, or null
 * @param ratePerSecond the token bucket's refill rate of attempt starts, or null for no rate limit
 * @param rateBurst the token bucket's size; null when there is no rate limit
 */
public record QueueSettings(
        UUID tenantId, String name, boolean paused, Integer maxConcurrency, Double ratePerSecond, Integer rateBurst) {

    /** A queue's settings until someone changes them: running, no limits. */
    public static QueueSettings defaults(UUID tenantId, String name) {
        return new QueueSettings(tenantId, name, false, null, null, null);
    }

    /** Whether anything limits the starts of this queue's jobs. */
    public boolean limited() {
        return maxConcurrency != null || ratePerSecond != null;
    }
}
