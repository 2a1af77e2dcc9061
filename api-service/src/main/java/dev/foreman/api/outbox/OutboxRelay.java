package dev.foreman.api.outbox;

import dev.foreman.api.ApiProperties;
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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox to Kafka, batch by batch, for as long as the application runs. Each batch is
 * one transaction: delete the oldest rows no other relay holds (which also locks them), publish
 * them, wait for every acknowledgement, commit. A failed publish rolls back, so the rows stay for the next
 * try (after a growing pause); a crash after the acknowledgements but before the commit publishes
 * the rows again, which is safe because the worker's claim ignores a job that is not queued.
 *
 * <p>{@code relay-threads} threads publish at once, each its own batch (SKIP LOCKED keeps them
 * apart, as it keeps relays of different replicas apart), so a job queued while one thread waits
 * for Kafka's acknowledgements is taken by another instead of waiting for that batch to end. One
 * more thread listens for the outbox trigger's NOTIFY and wakes an idle relay thread.
 *
 * <p>It stops last of the api-service's background work, after the web server drained its requests
 * and the publishers sent what they could: see {@code ApiShutdownOrder}.
 */
final class OutboxRelay implements BackgroundWork {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final TransactionTemplate tx;
    private final DispatchPublisher publisher;
    private final OutboxWaker waker;
    private final ApiProperties.Outbox settings;
    private final Clock clock;
    private final Counter published;
    private final Counter failures;
    private final Timer lag;
    private final Timer take;
    private final Timer publish;
    private final Timer commit;

    private final BackgroundLoop relays;
    private final BackgroundLoop listener;

    OutboxRelay(
            OutboxRepository outbox,
            TransactionTemplate tx,
            DispatchPublisher publisher,
            OutboxWaker waker,
            ApiProperties.Outbox settings,
            Clock clock,
            MeterRegistry meters) {
        this.outbox = outbox;
        this.tx = tx;
        this.publisher = publisher;
        this.waker = waker;
        this.settings = settings;
        this.clock = clock;
        this.published = OutboxMeters.published(meters, OutboxMeters.RELAY);
        this.failures = Counter.builder("foreman.outbox.publish.failures")
                .description("Relay batches rolled back because publishing or committing failed")
                .register(meters);
        this.lag = OutboxMeters.lag(meters, OutboxMeters.RELAY);
        this.take = step(meters, "take", "deleting and locking the batch's outbox rows");
        this.publish = step(meters, "publish", "sending the batch to Kafka and waiting for every acknowledgement");
        this.commit = step(meters, "commit", "committing the deletion after the acknowledgements");
        // A thread notices a stop within one poll interval, plus the batch it may be publishing.
        Duration stopWithin =
                settings.pollInterval().plus(settings.sendTimeout()).plusSeconds(5);
        this.relays = BackgroundLoop.named(
                        "foreman-outbox-relay", settings.pollInterval().multipliedBy(2))
                .threads(settings.relayThreads())
                .backOff(this::failurePause)
                .failureMessage("Publishing the outbox failed")
                .stopWithin(stopWithin)
                .build(this::relayOnce);
        this.listener = BackgroundLoop.named("foreman-outbox-listener", settings.pollInterval())
                .stopWithin(stopWithin)
                .build(this::listenOnce);
    }

    private static Timer step(MeterRegistry meters, String step, String what) {
        return Timer.builder("foreman.outbox.relay.step")
                .description("How long each step of a relay batch takes; step=" + step + ": " + what)
                .tag("step", step)
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * Publishes one batch of the oldest unlocked outbox rows and returns after the commit.
     *
     * @return how many rows were published; fewer than the batch size means the outbox is drained
     *     (as far as this relay can see)
     */
    public int publishBatch() {
        return publishBatch(batch -> {});
    }

    /**
     * The same, with a step between Kafka's acknowledgements and the commit. Tests use it to crash
     * there: an exception from {@code beforeCommit} rolls the batch back although it was published.
     */
    int publishBatch(BeforeCommit beforeCommit) {
        long started = System.nanoTime();
        Acknowledged batch = tx.execute(status -> {
            // Deleted and locked until the commit: a failed publish rolls the delete back.
            List<OutboxEntry> taken = outbox.deleteOldest(settings.batchSize(), clock.instant());
            if (taken.isEmpty()) {
                return Acknowledged.NOTHING;
            }
            long takenAt = System.nanoTime();
            take.record(takenAt - started, TimeUnit.NANOSECONDS);
            publisher.publishAll(taken);
            long acknowledgedAt = System.nanoTime();
            publish.record(acknowledgedAt - takenAt, TimeUnit.NANOSECONDS);
            beforeCommit.acknowledged(taken);
            return new Acknowledged(taken, acknowledgedAt);
        });
        if (!batch.rows().isEmpty()) {
            commit.record(System.nanoTime() - batch.atNanos(), TimeUnit.NANOSECONDS);
            Instant now = clock.instant();
            published.increment(batch.rows().size());
            batch.rows().forEach(entry -> lag.record(Duration.between(entry.createdAt(), now)));
        }
        return batch.rows().size();
    }

    /** A batch Kafka acknowledged at {@code atNanos} ({@link System#nanoTime()}), to be committed. */
    private record Acknowledged(List<OutboxEntry> rows, long atNanos) {
        static final Acknowledged NOTHING = new Acknowledged(List.of(), 0);
    }

    /**
     * Publishes a batch; a short one means the outbox is drained, so the thread waits for the
     * listener's wake-up (at least every poll interval; the idle wait of two only covers its lateness).
     */
    private Next relayOnce() {
        try {
            return publishBatch() < settings.batchSize() ? Next.WHEN_WOKEN : Next.AT_ONCE;
        } catch (RuntimeException e) {
            failures.increment();
            throw e;
        }
    }

    /** Wakes a relay thread on every NOTIFY, and at least every poll interval (a NOTIFY may be lost). */
    private Next listenOnce() {
        OutboxWaker.WakeUp wakeUp = waker.awaitNotification(settings.pollInterval());
        relays.wakeUp();
        return wakeUp == OutboxWaker.WakeUp.UNAVAILABLE ? Next.WHEN_WOKEN : Next.AT_ONCE;
    }

    /** Doubles from the poll interval up to the configured maximum. */
    Duration failurePause(int consecutiveFailures) {
        Duration pause = settings.pollInterval();
        for (int i = 1; i < consecutiveFailures && pause.compareTo(settings.maxFailureBackoff()) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(settings.maxFailureBackoff()) > 0 ? settings.maxFailureBackoff() : pause;
    }

    @Override
    public synchronized void start() {
        if (relays.isRunning()) {
            return;
        }
        relays.start();
        listener.start();
        log.info(
                "Outbox relay started ({} threads, batch size {}, poll interval {})",
                settings.relayThreads(),
                settings.batchSize(),
                settings.pollInterval());
    }

    /** Lets the batches in hand finish, then stops; returns when every thread has ended (or its bound passed). */
    @Override
    public synchronized void stop() {
        if (!relays.isRunning()) {
            return;
        }
        BackgroundLoop.stopAll(List.of(relays, listener));
        waker.close();
        log.info("Outbox relay stopped");
    }

    @Override
    public boolean isRunning() {
        return relays.isRunning();
    }

    /** A replica with {@code foreman.api.outbox.relay-enabled=false} keeps the relay but never starts it. */
    @Override
    public boolean startsWithService() {
        return settings.relayEnabled();
    }

    /** A step run inside the batch transaction after Kafka acknowledged the batch. */
    @FunctionalInterface
    interface BeforeCommit {
        void acknowledged(List<OutboxEntry> batch);
    }
}
