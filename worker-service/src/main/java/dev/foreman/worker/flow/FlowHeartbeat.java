package dev.foreman.worker.flow;

import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundLoop.Next;
import dev.foreman.common.loop.LoopWork;
import dev.foreman.worker.WorkerProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Keeps this worker's part of the fleet-wide limits alive in Redis, every heartbeat interval: the
 * permits of its running attempts stay a lease margin ahead (as their leases do). A crashed worker
 * stops beating: its permits lapse with its leases.
 */
@Component
class FlowHeartbeat implements LoopWork {
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final AdmissionGate gate;
    private final FlowRedis redis;
    private final Clock clock;
    private final WorkerProperties worker;
    private final BackgroundLoop loop;

    FlowHeartbeat(AdmissionGate gate, FlowRedis redis, Clock clock, WorkerProperties worker) {
        this.gate = gate;
        this.redis = redis;
        this.clock = clock;
        this.worker = worker;
        // Redis being away only delays this: limits fail open meanwhile, and the next beat retries.
        this.loop = BackgroundLoop.named("foreman-flow-heartbeat", worker.heartbeatInterval())
                .failureMessage("Renewing flow-control permits failed")
                .stopWithin(STOP_WAIT)
                .build(() -> {
                    beat();
                    return Next.WHEN_WOKEN;
                });
    }

    void beat() {
        Instant now = clock.instant();
        List<HeldPermits.Held> held = gate.held().all();
        redis.renewPermits(
                held.stream().map(HeldPermits.Held::scopes).toList(),
                held.stream().map(HeldPermits.Held::member).toList(),
                now.plus(worker.leaseMargin()));
    }

    @Override
    public BackgroundLoop loop() {
        return loop;
    }
}
