package dev.foreman.bench.target;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a connection reports each request it answers. The answer is written once {@link
 * #delivered} returns, so a log that takes its time holds the request that long (the chaos
 * harness's target does, to keep attempts open at the target while it injects faults).
 */
@FunctionalInterface
public interface DeliveryLog {
    /**
     * @param run the path after {@code /noop/}, or null when the path is outside {@code /noop/}
     * @param job the {@code Foreman-Job-Id}, or null when it was missing or not a UUID
     * @param attempt the {@code Foreman-Attempt}, or 0 when it was missing or not a number
     * @param nanoTime {@link System#nanoTime()} when the request's head had been read
     * @param receivedAt the clock's time when the request's head had been read
     */
    void delivered(String run, UUID job, int attempt, long nanoTime, Instant receivedAt);

    /**
     * The request that {@link #delivered} reported has been answered, or the answer failed (the
     * client went away): either way the target is done with it at {@code endNanos}.
     */
    default void answered(String run, UUID job, int attempt, long startNanos, long endNanos) {}
}
