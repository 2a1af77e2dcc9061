package dev.foreman.api.events;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client's interest in a tenant's events, with the bounded buffer between the fan-out, which
 * must never wait for a client, and the client's writer thread. A client that is too slow is
 * dropped, once, whichever rule notices first: its buffer is full (the fan-out) or a write to it
 * stalled for the write timeout (its writer). Dropping counts it, releases the events held for it
 * and wakes its writer, which ends the stream once a write in progress is done or has timed out;
 * Tomcat then closes the connection.
 */
final class EventSubscription {
    final UUID tenantId;
    private final String queue;
    private final String jobId;
    private final BlockingQueue<StreamEvent> pending;
    private final DroppedClients droppedClients;
    private final AtomicReference<DropReason> dropped = new AtomicReference<>();
    private volatile boolean closed;
    private volatile Thread writer;

    EventSubscription(UUID tenantId, String queue, String jobId, int capacity, DroppedClients droppedClients) {
        this.tenantId = tenantId;
        this.queue = queue;
        this.jobId = jobId;
        this.pending = new ArrayBlockingQueue<>(capacity);
        this.droppedClients = droppedClients;
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
     * @return false when the client is too slow (the buffer is full) and was dropped
     */
    boolean offer(StreamEvent event) {
        if (!isOpen() || !wants(event)) {
            return true;
        }
        if (pending.offer(event)) {
            return true;
        }
        drop(DropReason.BUFFER_FULL);
        return false;
    }

    /**
     * Drops the client for being too slow, unless it was dropped already: counts it under {@code
     * reason}, releases the events held for it and wakes its writer, which then ends the stream.
     *
     * @return whether this call dropped it
     */
    boolean drop(DropReason reason) {
        if (!dropped.compareAndSet(null, reason)) {
            return false;
        }
        pending.clear();
        droppedClients.count(reason);
        interruptWriter();
        return true;
    }

    /** The next event, waiting at most {@code wait}; null when none came. */
    StreamEvent poll(Duration wait) throws InterruptedException {
        return pending.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** The next event if one is waiting. */
    StreamEvent pollNow() {
        return pending.poll();
    }

    /** Ends the stream (the client left, or the service stops). */
    void close() {
        closed = true;
        interruptWriter();
    }

    boolean isDropped() {
        return dropped.get() != null;
    }

    /** Why the client was dropped; null while it was not. */
    DropReason dropReason() {
        return dropped.get();
    }

    boolean isOpen() {
        return !isDropped() && !closed;
    }

    void writtenBy(Thread thread) {
        this.writer = thread;
    }

    private void interruptWriter() {
        Thread thread = writer;
        // The writer dropping its own client (a stalled write) ends by itself, without an interrupt
        // left pending for whatever it calls next.
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }
}
