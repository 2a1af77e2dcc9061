package dev.foreman.bench.target;

import java.time.Instant;
import java.util.UUID;

/** Where a connection reports each request it answered. */
@FunctionalInterface
interface DeliveryLog {
    /**
     * @param run the path after {@code /noop/}, or null when the path is outside {@code /noop/}
     * @param job the {@code Foreman-Job-Id}, or null when it was missing or not a UUID
     * @param nanoTime {@link System#nanoTime()} when the request's head had been read
     * @param receivedAt the clock's time when the request's head had been read
     */
    void delivered(String run, UUID job, long nanoTime, Instant receivedAt);
}
