package dev.foreman.worker.flow;

import dev.foreman.common.job.Priority;
import dev.foreman.worker.WorkerProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/**
 * Each tenant's cap on the attempts running at once, kept by every worker for its own slots: a
 * tenant may run {@link FlowProperties#tenantShare()} of this worker's slots, so across the fleet
 * it never holds more than that share of all slots, with no Redis round trip per start or finish.
 *
 * <p>A permit is held while the attempt's request is at its target: it goes back when the target
 * answered (before the result is written) or the attempt ended unanswered. A claimed attempt of a
 * tenant at its cap waits here, highest priority first and in claim order within a priority, as
 * long as permits keep coming back: a tenant whose targets answer (a fast target with a backlog)
 * hands its permits straight to its waiting attempts, so its backlog never travels through parking.
 * When none came back for {@link FlowProperties#shareWait()}, the tenant is <em>saturated</em> (its
 * target is slow or hung) and the attempt is parked; until a permit comes back, its further
 * attempts are parked at once, so they free their slots for other tenants at intake speed.
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
     * Takes one of {@code tenantId}'s permits for an attempt of {@code priority}, waiting for one
     * while the tenant is not saturated. Waiting attempts get freed permits highest priority first,
     * in claim order within a priority: a tenant's high-priority job does not wait behind the
     * hundreds of its low-priority attempts that a backlog leaves waiting here.
     *
     * @return true with a permit taken (give it back with {@link #release}); false when the
     *     attempt must be parked instead
     * @throws InterruptedException when the attempt was aborted during the wait
     */
    public boolean acquire(UUID tenantId, Priority priority) throws InterruptedException {
        if (!capped) {
            return true;
        }
        return lanes.computeIfAbsent(tenantId, id -> new Lane(cap)).acquire(priority, waitNanos, this::parkedUntil);
    }

    private long parkedUntil() {
        return clock.millis() + PARKED_WAKES.toMillis();
    }

    /**
     * Gives back a permit {@link #acquire} took: to the first waiting attempt of the tenant, if any.
     *
     * @return whether the caller should wake one of the tenant's parked jobs: some were parked here
     *     in the last {@link #PARKED_WAKES} and no attempt here waits for the freed permit
     */
    public boolean release(UUID tenantId) {
        if (!capped) {
            return false;
        }
        Lane lane = lanes.get(tenantId);
        return lane != null && lane.release(clock.millis());
    }

    /** The attempts of {@code tenantId} waiting for a permit now (for tests and diagnostics). */
    int waiting(UUID tenantId) {
        Lane lane = lanes.get(tenantId);
        return lane == null ? 0 : lane.waiting();
    }

    /** The permits of {@code tenantId} in use now (for tests and diagnostics). */
    int inUse(UUID tenantId) {
        Lane lane = lanes.get(tenantId);
        return lane == null ? 0 : cap - lane.free();
    }

    /** One tenant's permits on this worker and the attempts waiting for them, by priority. */
    private static final class Lane {
        private final ReentrantLock lock = new ReentrantLock();
        private final Map<Priority, ArrayDeque<Waiter>> waiters = new EnumMap<>(Priority.class);
        private int free;
        // Permits given back (attempts whose target answered, or that ended unanswered): a waiting
        // attempt waits on while this moves.
        private long progress;
        // A wait ran out and no permit of the tenant here has come back since.
        private boolean saturated;
        private long parkedUntil;

        Lane(int cap) {
            this.free = cap;
            for (Priority priority : Priority.values()) {
                waiters.put(priority, new ArrayDeque<>());
            }
        }

        boolean acquire(Priority priority, long waitNanos, LongSupplier parkedUntilFromNow)
                throws InterruptedException {
            lock.lock();
            try {
                if (free > 0 && waiting() == 0) {
                    free--;
                    return true;
                }
                if (saturated) {
                    return false;
                }
                Waiter waiter = new Waiter(lock.newCondition());
                waiters.get(priority).addLast(waiter);
                long seenProgress = progress;
                long left = waitNanos;
                try {
                    while (!waiter.granted) {
                        if (left <= 0) {
                            if (progress == seenProgress) {
                                // No permit came back for a whole wait: the tenant's targets are slow or hung.
                                waiters.get(priority).remove(waiter);
                                saturated = true;
                                parkedUntil = parkedUntilFromNow.getAsLong();
                                return false;
                            }
                            // Busy, not stuck: wait on.
                            seenProgress = progress;
                            left = waitNanos;
                        }
                        left = waiter.signal.awaitNanos(left);
                    }
                    return true;
                } catch (InterruptedException e) {
                    if (waiter.granted) {
                        handOn();
                    } else {
                        waiters.get(priority).remove(waiter);
                    }
                    throw e;
                }
            } finally {
                lock.unlock();
            }
        }

        boolean release(long nowMillis) {
            lock.lock();
            try {
                saturated = false;
                progress++;
                handOn();
                return parkedUntil > nowMillis && waiting() == 0;
            } finally {
                lock.unlock();
            }
        }

        /** A permit freed: to the first waiter of the highest priority that has one, else back to the pool. */
        private void handOn() {
            for (Priority priority : Priority.values()) {
                Waiter next = waiters.get(priority).pollFirst();
                if (next != null) {
                    next.granted = true;
                    next.signal.signal();
                    return;
                }
            }
            free++;
        }

        int waiting() {
            lock.lock();
            try {
                int count = 0;
                for (ArrayDeque<Waiter> queue : waiters.values()) {
                    count += queue.size();
                }
                return count;
            } finally {
                lock.unlock();
            }
        }

        int free() {
            lock.lock();
            try {
                return free;
            } finally {
                lock.unlock();
            }
        }
    }

    /** An attempt waiting for a permit; granted is set, under the lane's lock, when one is handed to it. */
    private static final class Waiter {
        final Condition signal;
        boolean granted;

        Waiter(Condition signal) {
            this.signal = signal;
        }
    }
}
