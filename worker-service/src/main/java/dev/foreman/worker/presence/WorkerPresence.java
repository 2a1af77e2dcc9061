package dev.foreman.worker.presence;

import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundLoop.Next;
import dev.foreman.common.stats.WorkerHeartbeatRepository;
import dev.foreman.worker.claim.WorkerId;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes this worker's heartbeat every {@link #BEAT_EVERY} (the api-service counts a worker seen
 * within 15 s as live) and deletes it on a clean stop, so a stopped worker stops counting at once.
 * Its own lifecycle, not part of the shutdown order: it starts with the context and stops last,
 * after the attempts are finished, and nothing waits for it.
 */
@Component
final class WorkerPresence implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(WorkerPresence.class);
    static final Duration BEAT_EVERY = Duration.ofSeconds(5);

    private final WorkerHeartbeatRepository heartbeats;
    private final String workerId;
    private final Clock clock;
    private final BackgroundLoop loop;

    WorkerPresence(WorkerHeartbeatRepository heartbeats, WorkerId workerId, Clock clock) {
        this.heartbeats = heartbeats;
        this.workerId = workerId.value();
        this.clock = clock;
        this.loop = BackgroundLoop.named("foreman-worker-presence", BEAT_EVERY)
                .failureMessage("Writing the worker heartbeat failed")
                .stopWithin(Duration.ofSeconds(5))
                .build(this::beat);
    }

    private Next beat() {
        heartbeats.recordHeartbeat(workerId, clock.instant());
        return Next.WHEN_WOKEN;
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
        try {
            heartbeats.deleteHeartbeat(workerId);
        } catch (RuntimeException e) {
            log.debug("Could not delete the worker heartbeat; it ages out", e);
        }
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    /** Below the worker's shutdown order ({@code DEFAULT_PHASE}) and its web server: stops last. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
