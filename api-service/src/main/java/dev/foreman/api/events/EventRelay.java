package dev.foreman.api.events;

import dev.foreman.common.events.JobEventRepository;
import dev.foreman.common.events.RecordedJobEvent;
import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundLoop.Next;
import dev.foreman.common.loop.BackgroundWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves the job events the {@code jobs} triggers record into the tenants' Redis streams, in
 * batches: one transaction takes the relay's advisory lock (so one replica relays at a time and a
 * job's events reach Redis in the order they happened), deletes the oldest events, appends them in
 * one pipelined round trip and commits. Redis down fails the batch, which rolls back and is tried
 * again after a growing pause; job transitions never wait for it, they only inserted a row.
 *
 * <p>An event older than the resume buffer when it is finally relayed (Redis was down that long) is
 * not appended: the tenant's stream gets one reset marker instead, which every listener passes on
 * as {@code event: reset}, since a client resuming from before it could no longer get exactly the
 * events it missed.
 */
final class EventRelay implements BackgroundWork {
    private final JobEventRepository events;
    private final EventStreams streams;
    private final TransactionTemplate tx;
    private final EventsProperties settings;
    private final Clock clock;
    private final Runnable afterPublish;
    private final Counter published;
    private final Counter lost;
    private final Timer lag;
    private final BackgroundLoop loop;
    /**
     * Whether Redis may hold part of a batch this relay rolled back (or another replica relayed
     * before): the next batch first reads each stream's newest recording number and skips what
     * Redis already has, so a retried batch appends no event twice and none out of order.
     */
    private volatile boolean uncertain = true;

    EventRelay(
            JobEventRepository events,
            EventStreams streams,
            TransactionTemplate tx,
            EventsProperties settings,
            Clock clock,
            MeterRegistry meters,
            Runnable afterPublish) {
        this.events = events;
        this.streams = streams;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
        this.afterPublish = afterPublish;
        this.published = Counter.builder("foreman.events.published")
                .description("Job events appended to the tenants' Redis streams")
                .register(meters);
        this.lost = Counter.builder("foreman.events.lost")
                .description("Job events older than the resume buffer when relayed, replaced by a reset marker")
                .register(meters);
        this.lag = Timer.builder("foreman.events.relay.lag")
                .description("From a job's change of state to its event's append to Redis")
                .publishPercentileHistogram()
                .register(meters);
        this.loop = BackgroundLoop.named("foreman-event-relay", settings.relayPollInterval())
                .failureMessage("Relaying job events to Redis failed")
                .backOff(failures -> settings.relayPollInterval().multipliedBy(1L << Math.min(failures, 7)))
                .stopWithin(Duration.ofSeconds(10))
                .build(this::relayOnce);
    }

    /** Relays one batch; returns how many events it took (0 when another replica holds the lock). */
    int relayBatch() {
        List<RecordedJobEvent> relayed = tx.execute(status -> {
            if (!events.tryLockRelay()) {
                // Another replica relays; should this one take over later, it checks first.
                uncertain = true;
                return List.<RecordedJobEvent>of();
            }
            List<RecordedJobEvent> taken = events.deleteOldest(settings.relayBatchSize());
            if (taken.isEmpty()) {
                return taken;
            }
            Instant now = clock.instant();
            Instant oldestKept = now.minus(settings.buffer());
            List<RecordedJobEvent> fresh = new ArrayList<>(taken.size());
            Set<UUID> resets = new LinkedHashSet<>();
            for (RecordedJobEvent event : taken) {
                if (event.at().isBefore(oldestKept)) {
                    resets.add(event.tenantId());
                } else {
                    fresh.add(event);
                }
            }
            int stale = taken.size() - fresh.size();
            if (uncertain) {
                fresh = withoutAppended(fresh);
            }
            try {
                streams.append(fresh, resets, now);
            } catch (RuntimeException e) {
                uncertain = true;
                throw e;
            }
            uncertain = false;
            lost.increment(stale);
            return taken;
        });
        if (!relayed.isEmpty()) {
            Instant now = clock.instant();
            published.increment(relayed.size());
            relayed.forEach(event -> lag.record(Duration.between(event.at(), now)));
            afterPublish.run();
        }
        return relayed.size();
    }

    /** The events Redis does not hold yet: those after each tenant stream's newest recording number. */
    private List<RecordedJobEvent> withoutAppended(List<RecordedJobEvent> batch) {
        Map<UUID, Long> appended = new HashMap<>();
        List<RecordedJobEvent> missing = new ArrayList<>(batch.size());
        for (RecordedJobEvent event : batch) {
            long last = appended.computeIfAbsent(event.tenantId(), streams::lastSeq);
            if (event.seq() > last) {
                missing.add(event);
            }
        }
        return missing;
    }

    private Next relayOnce() {
        return relayBatch() < settings.relayBatchSize() ? Next.WHEN_WOKEN : Next.AT_ONCE;
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    @Override
    public boolean startsWithService() {
        return settings.relayEnabled();
    }
}
