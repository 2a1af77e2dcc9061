package dev.foreman.api.events;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One client's interest in a tenant's events, with the bounded buffer between the fan-out, which
 * must never wait for a client, and the client's writer thread. When the buffer is full the client
 * is too slow: it is dropped (its writer interrupted and its connection closed), never buffered
 * without bound.
 */
final class EventSubscription {
    final UUID tenantId;
    private final String queue;
    private final String jobId;
    private final BlockingQueue<StreamEvent> pending;
    private volatile boolean dropped;
    private volatile boolean closed;
    private volatile Thread writer;

    EventSubscription(UUID tenantId, String queue, String jobId, int capacity) {
        this.tenantId = tenantId;
        this.queue = queue;
        this.jobId = jobId;
        this.pending = new ArrayBlockingQueue<>(capacity);
    }

    /** Whether the client asked for this event: its queue and job filters; a reset concerns every client. */
    boolean wants(StreamEvent event) {
        if (event.isReset()) {
            return true;
        }
        return (queue == null || queue.equals(event.queue())) && (jobId == null || jobId.equals(event.jobId()));
    }

    /**
     * Hands an event to the client's writer without waiting.
     *
     * @return false when the client is too slow (the buffer is full) and was dropped just now
     */
    boolean offer(StreamEvent event) {
        if (dropped || closed || !wants(event)) {
            return true;
        }
        if (pending.offer(event)) {
            return true;
        }
        dropped = true;
        pending.clear();
        interruptWriter();
        return false;
    }

    /** The next event, waiting at most {@code wait}; null when none came. */
    StreamEvent poll(Duration wait) throws InterruptedException {
        return pending.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** The next event if one is waiting. */
    StreamEvent pollNow() {
        return pending.poll();
    }

    /** Ends the stream (the service stops). */
    void close() {
        closed = true;
        interruptWriter();
    }

    boolean isDropped() {
        return dropped;
    }

    boolean isOpen() {
        return !dropped && !closed;
    }

    void writtenBy(Thread thread) {
        this.writer = thread;
    }

    private void interruptWriter() {
        Thread thread = writer;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
