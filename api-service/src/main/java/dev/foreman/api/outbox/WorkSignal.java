package dev.foreman.api.outbox;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Tells the relay threads that the outbox may have new rows. A thread notes the generation before
 * it looks at the outbox and waits for a later one, so a signal sent while it was looking is never
 * missed.
 */
final class WorkSignal {
    private long generation;

    synchronized long generation() {
        return generation;
    }

    /** Wakes one waiting thread; a thread that is busy sees the new generation when it next waits. */
    synchronized void signal() {
        generation++;
        notify();
    }

    /** Wakes every waiting thread (to stop). */
    synchronized void signalAll() {
        generation++;
        notifyAll();
    }

    /** Returns when the generation is no longer {@code seen}, or after {@code timeout}. */
    synchronized void awaitChange(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (generation == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
