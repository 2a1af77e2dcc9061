package dev.foreman.chaos.target;

import java.util.UUID;

/**
 * One request the target received and finished with.
 *
 * @param attempt the {@code Foreman-Attempt} header, 0 if it was missing
 * @param startNanos {@link System#nanoTime()} when its head had been read
 * @param endNanos {@link System#nanoTime()} when the answer was written (or failed: the worker went away)
 */
public record Delivery(String run, UUID job, int attempt, long startNanos, long endNanos) {

    /** Whether the two were open at the target at the same moment. */
    public boolean overlaps(Delivery other) {
        return startNanos < other.endNanos && other.startNanos < endNanos;
    }
}
