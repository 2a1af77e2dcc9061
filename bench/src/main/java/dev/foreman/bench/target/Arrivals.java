package dev.foreman.bench.target;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The deliveries one bench run received, by job id. Only the first delivery of a job counts;
 * later ones (at-least-once delivery allows them) are counted as duplicates.
 */
public final class Arrivals {
    private final Map<UUID, Arrival> byJob = new ConcurrentHashMap<>();
    private final AtomicLong distinct = new AtomicLong();
    private final LongAdder duplicates = new LongAdder();
    private final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);

    /**
     * When a job's first delivery reached the target.
     *
     * @param nanoTime {@link System#nanoTime()} of the bench JVM, for latencies against times the
     *     bench itself took
     * @param epochMicros wall-clock time, for latencies against times the services wrote (run_at,
     *     finished_at); the services run on the same machine, so the clocks agree
     */
    public record Arrival(long nanoTime, long epochMicros) {}

    void record(UUID job, long nanoTime, long epochMicros) {
        if (byJob.putIfAbsent(job, new Arrival(nanoTime, epochMicros)) != null) {
            duplicates.increment();
            return;
        }
        distinct.incrementAndGet();
        firstNanos.accumulateAndGet(nanoTime, Math::min);
        lastNanos.accumulateAndGet(nanoTime, Math::max);
    }

    /** The first delivery of {@code job}, or null if it has not arrived. */
    public Arrival of(UUID job) {
        return byJob.get(job);
    }

    /** Jobs delivered at least once. */
    public long distinct() {
        return distinct.get();
    }

    /** Deliveries beyond the first of a job. */
    public long duplicates() {
        return duplicates.sum();
    }

    /** {@link System#nanoTime()} of the earliest first delivery; only meaningful once {@link #distinct()} > 0. */
    public long firstNanos() {
        return firstNanos.get();
    }

    /** {@link System#nanoTime()} of the latest first delivery; only meaningful once {@link #distinct()} > 0. */
    public long lastNanos() {
        return lastNanos.get();
    }
}
