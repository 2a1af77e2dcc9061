package dev.foreman.worker.flow;

import dev.foreman.worker.WorkerProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Each tenant's cap on the attempts running at once, kept by every worker for its own slots: a
 * tenant may run {@link FlowProperties#tenantShare()} of this worker's slots, so across the fleet
 * it never holds more than that share of all slots, with no Redis round trip per start or finish.
 *
 * <p>A claimed attempt of a tenant at its cap waits here, in claim order, as long as the tenant's
 * attempts keep ending: a tenant whose attempts keep finishing (a fast target with a backlog) hands
 * its permits straight to its waiting attempts, so its backlog never travels through parking. When
 * none of them ended for {@link FlowProperties#shareWait()}, the tenant is <em>saturated</em> (its
 * target is slow or hung) and the attempt is parked; until one of its attempts here ends, its further attempts are parked at
 * once, so they free their slots for other tenants at intake speed.
 */
@Component
public class TenantShare {
    /** How long after parking a tenant's attempts this worker's ending attempts of it wake parked ones. */
    static final Duration PARKED_WAKES = Duration.ofMinutes(1);

    private final int cap;
    private final boolean capped;
    private final long waitNanos;
    private final Clock clock;
    private final Map<UUID, Lane> lanes = new ConcurrentHashMap<>();

    TenantShare(FlowProperties properties, WorkerProperties worker, Clock clock) {
        this.cap = capOf(properties.tenantShare(), worker.maxInFlight());
        this.capped = cap < worker.maxInFlight();
        this.waitNanos = properties.shareWait().toNanos();
        this.clock = clock;
    }

    /** A tenant's cap on this worker: its share of the worker's slots, at least one. */
    static int capOf(double share, int maxInFlight) {
        return (int) Math.max(1, Math.ceil(share * maxInFlight));
    }

    /** The most attempts of one tenant this worker runs at once. */
    public int cap() {
        return cap;
    }

    /**
     * Takes one of {@code tenantId}'s permits, waiting for one while the tenant is not saturated.
     *
     * @return true with a permit taken (give it back with {@link #release}); false when the
     *     attempt must be parked instead
     * @throws InterruptedException when the attempt was aborted during the wait
     */
    public boolean acquire(UUID tenantId) throws InterruptedException {
        if (!capped) {
            return true;
        }
        Lane lane = lanes.computeIfAbsent(tenantId, id -> new Lane(cap));
        if (lane.permits.tryAcquire()) {
            return true;
        }
        if (lane.saturated) {
            return false;
        }
        // Waits on while the tenant's attempts keep ending: it is busy, not stuck.
        long ended = lane.ended.get();
        while (!lane.permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
            long endedSince = lane.ended.get();
            if (endedSince == ended) {
                lane.saturated = true;
                lane.parkedUntil = clock.millis() + PARKED_WAKES.toMillis();
                return false;
            }
            ended = endedSince;
        }
        return true;
    }

    /**
     * Gives back a permit {@link #acquire} took.
     *
     * @return whether the caller should wake one of the tenant's parked jobs: some were parked here
     *     in the last {@link #PARKED_WAKES} and no attempt here waits for the freed permit
     */
    public boolean release(UUID tenantId) {
        if (!capped) {
            return false;
        }
        Lane lane = lanes.get(tenantId);
        if (lane == null) {
            return false;
        }
        lane.saturated = false;
        lane.ended.incrementAndGet();
        lane.permits.release();
        return lane.parkedUntil > clock.millis() && !lane.permits.hasQueuedThreads();
    }

    /** The attempts of {@code tenantId} waiting for a permit now (for tests and diagnostics). */
    int waiting(UUID tenantId) {
        Lane lane = lanes.get(tenantId);
        return lane == null ? 0 : lane.permits.getQueueLength();
    }

    /** The permits of {@code tenantId} in use now (for tests and diagnostics). */
    int inUse(UUID tenantId) {
        Lane lane = lanes.get(tenantId);
        return lane == null ? 0 : cap - lane.permits.availablePermits();
    }

    private static final class Lane {
        // Fair: waiting attempts start in claim order.
        final Semaphore permits;
        // Attempts of the tenant that ended here: a waiting attempt waits on while this moves.
        final AtomicLong ended = new AtomicLong();
        // A wait ran out and none of the tenant's attempts here has ended since.
        volatile boolean saturated;
        volatile long parkedUntil;

        Lane(int cap) {
            this.permits = new Semaphore(cap, true);
        }
    }
}
