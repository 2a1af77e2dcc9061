package dev.foreman.api.events;

import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundLoop.Next;
import dev.foreman.common.loop.BackgroundWork;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the Redis streams of the tenants that have listeners on this replica, all in one {@code
 * XREAD} per round, and hands each entry to the tenant's subscriptions. One reader per replica
 * however many clients listen: 200 dashboards of one tenant cost Redis one read per round, not 200.
 * A client whose buffer is full is dropped here ({@link DropReason#BUFFER_FULL}), without waiting
 * for it.
 */
final class EventFanOut implements BackgroundWork {
    private static final Logger log = LoggerFactory.getLogger(EventFanOut.class);

    private final EventStreams streams;
    private final EventsProperties settings;
    private final Clock clock;
    private final Map<UUID, Feed> feeds = new ConcurrentHashMap<>();
    private final AtomicInteger listeners = new AtomicInteger();
    private final BackgroundLoop loop;

    EventFanOut(EventStreams streams, EventsProperties settings, Clock clock, MeterRegistry meters) {
        this.streams = streams;
        this.settings = settings;
        this.clock = clock;
        Gauge.builder("foreman.events.clients", listeners, AtomicInteger::get)
                .description("Open event streams on this replica")
                .register(meters);
        this.loop = BackgroundLoop.named("foreman-event-fan-out", settings.fanOutPollInterval())
                .failureMessage("Reading the job event streams from Redis failed")
                .backOff(failures -> settings.fanOutPollInterval().multipliedBy(1L << Math.min(failures, 6)))
                .stopWithin(Duration.ofSeconds(5))
                .build(this::fanOutOnce);
    }

    /**
     * Starts handing the tenant's new events to {@code subscription}. Call it before reading any
     * backlog, so that no event falls between the two (the writer skips what it sent already).
     */
    void subscribe(EventSubscription subscription) {
        synchronized (feeds) {
            Feed feed = feeds.get(subscription.tenantId);
            if (feed == null) {
                feed = new Feed(startingCursor(subscription.tenantId));
                feeds.put(subscription.tenantId, feed);
            }
            feed.subscriptions.add(subscription);
        }
        listeners.incrementAndGet();
    }

    void unsubscribe(EventSubscription subscription) {
        synchronized (feeds) {
            Feed feed = feeds.get(subscription.tenantId);
            if (feed != null && feed.subscriptions.remove(subscription)) {
                listeners.decrementAndGet();
                if (feed.subscriptions.isEmpty()) {
                    feeds.remove(subscription.tenantId);
                }
            }
        }
    }

    /** Ends every open stream (the service stops; clients reconnect to another replica). */
    void closeAll() {
        feeds.values().forEach(feed -> feed.subscriptions.forEach(EventSubscription::close));
    }

    /** Reads now rather than at the next poll (the relay of this replica has just appended). */
    void wakeUp() {
        loop.wakeUp();
    }

    private EventId startingCursor(UUID tenantId) {
        try {
            return streams.lastId(tenantId);
        } catch (RuntimeException e) {
            // Redis down: start from now; the entries appended meanwhile have later ids.
            log.debug("Could not read the last event id of tenant {}", tenantId, e);
            return EventId.entry(clock.millis(), 0);
        }
    }

    private Next fanOutOnce() {
        Map<UUID, EventId> cursors = new HashMap<>();
        feeds.forEach((tenant, feed) -> cursors.put(tenant, feed.cursor));
        if (cursors.isEmpty()) {
            return Next.WHEN_WOKEN;
        }
        EventStreams.Page read = streams.readAfter(cursors, settings.readBatchSize());
        for (StreamEvent event : read.events()) {
            Feed feed = feeds.get(event.tenantId());
            if (feed == null) {
                continue;
            }
            for (EventSubscription subscription : feed.subscriptions) {
                if (!subscription.offer(event)) {
                    unsubscribe(subscription);
                }
            }
            if (event.id().compareTo(feed.cursor) > 0) {
                feed.cursor = event.id();
            }
        }
        return read.more() ? Next.AT_ONCE : Next.WHEN_WOKEN;
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        closeAll();
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    /** A tenant's listeners on this replica and how far its stream was read. */
    private static final class Feed {
        final Set<EventSubscription> subscriptions = ConcurrentHashMap.newKeySet();
        volatile EventId cursor;

        Feed(EventId cursor) {
            this.cursor = cursor;
        }
    }
}
