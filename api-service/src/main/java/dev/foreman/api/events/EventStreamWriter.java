package dev.foreman.api.events;

import dev.foreman.api.stats.StatsReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one client's stream on its own virtual thread: first the events it missed (from {@code
 * Last-Event-ID}) or a reset when they are gone, then live events as the fan-out hands them over,
 * {@code stats} every stats interval and a heartbeat comment every heartbeat interval. A write to a
 * client that reads too slowly blocks only this thread, for at most {@code write-timeout} without
 * progress: the connection's write timeout ({@link ConnectionWriteTimeout}) then fails it, and the
 * client is dropped as {@link DropReason#WRITE_STALLED}. Meanwhile the fan-out keeps filling the
 * client's buffer, and drops it as {@link DropReason#BUFFER_FULL} should that fill first.
 */
final class EventStreamWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(EventStreamWriter.class);
    /** About how many missed events one read of the stream takes. */
    private static final int BACKLOG_PAGE = 500;

    private final EventSubscription subscription;
    private final EventId resumeAfter;
    private final SseEmitter emitter;
    private final EventFanOut fanOut;
    private final EventStreams streams;
    private final StatsReader stats;
    private final JsonMapper json;
    private final EventsProperties settings;
    private final Clock clock;
    private EventId lastSent;

    EventStreamWriter(
            EventSubscription subscription,
            EventId resumeAfter,
            SseEmitter emitter,
            EventFanOut fanOut,
            EventStreams streams,
            StatsReader stats,
            JsonMapper json,
            EventsProperties settings,
            Clock clock) {
        this.subscription = subscription;
        this.resumeAfter = resumeAfter;
        this.emitter = emitter;
        this.fanOut = fanOut;
        this.streams = streams;
        this.stats = stats;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void run() {
        subscription.writtenBy(Thread.currentThread());
        fanOut.subscribe(subscription);
        try {
            if (resumeAfter != null) {
                sendMissed();
            }
            streamLive();
        } catch (IOException | IllegalStateException e) {
            // The client left, or a write to it stalled for the write timeout.
            log.debug("Event stream of tenant {} ended: {}", subscription.tenantId, e.toString());
        } catch (InterruptedException e) {
            // Dropped, or closed because the client left or the service stops.
            log.debug("Event stream of tenant {} ended", subscription.tenantId);
        } finally {
            fanOut.unsubscribe(subscription);
            DropReason dropped = subscription.dropReason();
            if (dropped != null) {
                log.debug("Event stream of tenant {}: {}", subscription.tenantId, dropped.describe(settings));
            }
            // Ends the request even after a failed write; the response said Connection: close, so
            // Tomcat then closes the connection. The not-usable response it reports after a failed
            // write is swallowed by EventsController.clientGone.
            try {
                emitter.complete();
            } catch (RuntimeException e) {
                log.debug("Completing an event stream failed", e);
            }
        }
    }

    /** The events after {@code resumeAfter}, or a reset when some of them may be gone. */
    private void sendMissed() throws IOException {
        Instant now = clock.instant();
        try {
            if (resumeAfter.isBefore(now.minus(settings.buffer())) || !streams.exists(subscription.tenantId)) {
                sendReset("last_event_id_expired");
                return;
            }
            lastSent = resumeAfter;
            while (true) {
                EventId from = lastSent;
                EventStreams.Page page = streams.rangeAfter(subscription.tenantId, from, BACKLOG_PAGE);
                for (StreamEvent event : page.events()) {
                    send(event);
                }
                if (!page.more() || lastSent.equals(from)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // Redis unreachable: the missed events cannot be read; the client refetches instead.
            log.debug("Could not read the missed events of tenant {}", subscription.tenantId, e);
            sendReset("events_unavailable");
        }
    }

    private void streamLive() throws IOException, InterruptedException {
        long nextStats = System.nanoTime();
        long nextHeartbeat = System.nanoTime() + settings.heartbeat().toNanos();
        while (subscription.isOpen()) {
            long now = System.nanoTime();
            if (now - nextStats >= 0) {
                sendStats();
                nextStats = now + settings.statsInterval().toNanos();
            }
            if (now - nextHeartbeat >= 0) {
                write(SseEmitter.event().comment(" heartbeat"));
                nextHeartbeat = now + settings.heartbeat().toNanos();
            }
            long wait = Math.min(nextStats, nextHeartbeat) - System.nanoTime();
            StreamEvent event = subscription.poll(Duration.ofNanos(wait));
            while (event != null) {
                send(event);
                event = subscription.pollNow();
            }
        }
        if (subscription.isDropped()) {
            throw new InterruptedException("dropped");
        }
    }

    private void send(StreamEvent event) throws IOException {
        if (lastSent != null && event.id().compareTo(lastSent) <= 0) {
            return; // read both from the backlog and from the fan-out
        }
        if (!subscription.wants(event)) {
            lastSent = event.id();
            return;
        }
        String name = event.isReset() ? "reset" : "job";
        write(SseEmitter.event().id(event.id().toString()).name(name).data(event.json()));
        lastSent = event.id();
    }

    /**
     * Sends one event or comment. A send that failed after stalling for the write timeout failed
     * because the connection's write timeout fired: the client stopped reading, and is dropped.
     */
    private void write(SseEmitter.SseEventBuilder event) throws IOException {
        long started = System.nanoTime();
        try {
            emitter.send(event);
        } catch (IOException e) {
            if (System.nanoTime() - started >= settings.writeTimeout().toNanos()) {
                subscription.drop(DropReason.WRITE_STALLED);
            }
            throw e;
        }
    }

    private void sendReset(String reason) throws IOException {
        SseEmitter.SseEventBuilder reset = SseEmitter.event().name("reset");
        try {
            EventId last = streams.lastId(subscription.tenantId);
            if (!last.equals(EventId.ZERO)) {
                // Resuming from here later is exact again.
                reset.id(last.toString());
                lastSent = last;
            }
        } catch (RuntimeException e) {
            log.debug("Could not read the last event id of tenant {}", subscription.tenantId, e);
        }
        write(reset.data(json.writeValueAsString(Map.of("reason", reason))));
    }

    private void sendStats() throws IOException {
        String body;
        try {
            body = json.writeValueAsString(stats.read(subscription.tenantId));
        } catch (RuntimeException e) {
            // The database is unreachable: skip this one; the stream and its events go on.
            log.debug("Could not read the stats of tenant {}", subscription.tenantId, e);
            return;
        }
        write(SseEmitter.event().name("stats").data(body));
    }
}
