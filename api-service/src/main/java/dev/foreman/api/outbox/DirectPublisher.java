package dev.foreman.api.outbox;

import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundLoop.Next;
import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.common.outbox.OutboxEntry;
import dev.foreman.common.outbox.OutboxRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox rows of committed submissions at once, instead of leaving them to a relay's
 * next batch, and deletes each row once Kafka acknowledged its record. One thread sends (so a
 * request never waits for Kafka, not even while the producer blocks because Kafka is unreachable);
 * another deletes the acknowledged rows in batches, gathering them for up to 20 ms.
 *
 * <p>Nothing here is needed for a job to be published: the rows are committed before they are
 * handed over, and a relay takes every row still there after its {@code relay_after} (a crash, a
 * refused record, a failed delete, or rows this publisher had no room for); a row whose grace
 * passed before its turn to be sent came is left to them too. At worst a job is published twice,
 * which the worker's claim absorbs.
 *
 * <p>It stops after the group commit, which hands rows over, and before the relay, which publishes
 * what it left: see {@code ApiShutdownOrder}.
 */
final class DirectPublisher implements BackgroundWork {
    private static final Logger log = LoggerFactory.getLogger(DirectPublisher.class);

    /** Rows handed over and not yet deleted; beyond it, rows are left to the relay. */
    static final int MAX_PENDING = 50_000;

    private static final int DELETE_BATCH = 1_000;
    private static final Duration DELETE_LINGER = Duration.ofMillis(20);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final DispatchPublisher publisher;
    private final OutboxRepository outbox;
    private final Clock clock;
    private final Duration relayGrace;
    private final Semaphore room = new Semaphore(MAX_PENDING);
    private final BlockingQueue<OutboxEntry> toSend = new LinkedBlockingQueue<>();
    private final BlockingQueue<OutboxEntry> acknowledged = new LinkedBlockingQueue<>();
    private final Counter published;
    private final Counter leftToRelay;
    private final Timer lag;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final BackgroundLoop sender;
    private final BackgroundLoop deleter;

    private volatile boolean accepting;

    DirectPublisher(
            DispatchPublisher publisher,
            OutboxRepository outbox,
            Duration relayGrace,
            Clock clock,
            MeterRegistry meters) {
        this.publisher = publisher;
        this.outbox = outbox;
        this.relayGrace = relayGrace;
        this.clock = clock;
        this.published = OutboxMeters.published(meters, OutboxMeters.COMMIT);
        this.lag = OutboxMeters.lag(meters, OutboxMeters.COMMIT);
        this.leftToRelay = Counter.builder("foreman.outbox.commit.left.to.relay")
                .description("Rows a submission could not publish itself (Kafka refused the record, the row could"
                        + " not be deleted, or too many were pending); a relay publishes them after the relay grace")
                .register(meters);
        // Each drains its queue when stopped: what was handed over is sent, what Kafka acknowledged deleted.
        this.sender = BackgroundLoop.named("foreman-outbox-commit-sender", IDLE_POLL)
                .drainOnStop()
                .stopWithin(STOP_WAIT)
                .build(this::sendNext);
        this.deleter = BackgroundLoop.named("foreman-outbox-commit-deleter", IDLE_POLL)
                .drainOnStop()
                .stopWithin(STOP_WAIT)
                .build(this::deleteAcknowledged);
    }

    /**
     * Takes committed rows to publish; returns at once. Rows it has no room for, or that arrive
     * while it is stopped, are left to the relay.
     */
    void offer(List<OutboxEntry> entries) {
        if (!accepting || !room.tryAcquire(entries.size())) {
            leftToRelay.increment(entries.size());
            return;
        }
        toSend.addAll(entries);
        sender.wakeUp();
    }

    /** Rows handed over and not yet deleted (or given up); for tests. */
    int pending() {
        return MAX_PENDING - room.availablePermits();
    }

    private Next sendNext() {
        OutboxEntry entry = toSend.poll();
        if (entry == null) {
            return Next.WHEN_WOKEN;
        }
        if (clock.instant().isBefore(entry.createdAt().plus(relayGrace))) {
            send(entry);
        } else {
            // The relays may take the row by now (sends blocked while Kafka was unreachable):
            // sending it as well would only publish the job twice.
            leftToRelay.increment();
            room.release(1);
        }
        return Next.AT_ONCE;
    }

    private void send(OutboxEntry entry) {
        try {
            publisher.send(entry, (metadata, error) -> {
                if (error == null) {
                    lag.record(Duration.between(entry.createdAt(), clock.instant()));
                    acknowledged.add(entry);
                    deleter.wakeUp();
                } else {
                    giveUp(1, "Kafka refused a record", error);
                }
            });
        } catch (RuntimeException e) {
            giveUp(1, "the producer failed", e);
        }
    }

    private Next deleteAcknowledged() {
        OutboxEntry first = acknowledged.poll();
        if (first == null) {
            return Next.WHEN_WOKEN;
        }
        List<OutboxEntry> batch = new ArrayList<>(DELETE_BATCH);
        batch.add(first);
        gatherMore(batch);
        try {
            outbox.deletePublished(batch.stream().map(OutboxEntry::id).toList());
            published.increment(batch.size());
            room.release(batch.size());
        } catch (RuntimeException e) {
            giveUp(batch.size(), "deleting published rows failed", e);
        }
        return Next.AT_ONCE;
    }

    /**
     * Adds what is acknowledged within {@link #DELETE_LINGER} of the batch's first row (less if
     * the batch fills or the publisher stops). Deleting is off the path of any job, so waiting a
     * little turns hundreds of one-row deletes a second into a few larger ones.
     */
    private void gatherMore(List<OutboxEntry> batch) {
        long deadline = System.nanoTime() + DELETE_LINGER.toNanos();
        try {
            long left;
            while (batch.size() < DELETE_BATCH && !deleter.isStopping() && (left = deadline - System.nanoTime()) > 0) {
                OutboxEntry next = acknowledged.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
                batch.add(next);
            }
        } catch (InterruptedException e) {
            // Nothing interrupts this thread on purpose: delete what there is.
        }
        acknowledged.drainTo(batch, DELETE_BATCH - batch.size());
    }

    /** Leaves rows to the relay: they stay in the outbox, and a relay publishes them after the grace. */
    private void giveUp(int rows, String why, Exception cause) {
        room.release(rows);
        leftToRelay.increment(rows);
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn(
                    "Publishing at commit: {} ({}); the rows stay in the outbox for the relay (further failures"
                            + " within 10 s are only counted in foreman.outbox.commit.left.to.relay)",
                    why,
                    cause.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (accepting) {
            return;
        }
        sender.start();
        deleter.start();
        accepting = true;
    }

    /**
     * Sends what was handed over, waits for Kafka's answers, deletes the acknowledged rows, then
     * stops. Whatever is left stays in the outbox for the relay.
     */
    @Override
    public synchronized void stop() {
        if (!accepting) {
            return;
        }
        accepting = false;
        sender.stop();
        try {
            publisher.flush();
        } catch (RuntimeException e) {
            log.warn("Waiting for Kafka's answers while stopping failed; the relay publishes what is left", e);
        }
        deleter.stop();
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }
}
