package dev.foreman.worker.flow;

import dev.foreman.common.queue.ParkReason;
import java.util.UUID;

/**
 * A token bucket of attempt starts, kept in Redis as GCRA's theoretical arrival time: {@code
 * perSecond} tokens a second, at most {@code burst} at once.
 *
 * @param name the queue or the flow-control key
 */
record RateBucket(ParkReason reason, UUID tenantId, String name, double perSecond, int burst) {

    String key() {
        return "foreman:bucket:" + (reason == ParkReason.RATE ? "q:" : "k:") + tenantId + ":" + name;
    }

    /** Milliseconds between two tokens. */
    double intervalMs() {
        return 1000.0 / perSecond;
    }
}
