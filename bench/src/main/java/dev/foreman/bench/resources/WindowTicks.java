package dev.foreman.bench.resources;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * CPU ticks spent within a window by counters that only grow, one per process or thread, read from
 * time to time: per counter its last reading minus its first. A counter that started inside the
 * window counts from zero, since all of its time was spent inside it.
 *
 * @param <K> what identifies a counter: a process id, or a process and thread id
 */
final class WindowTicks<K> {
    private final Map<K, long[]> firstAndLast = new HashMap<>();

    /**
     * @param bornInWindow whether the counter started inside the window; only heeded on its first
     *     reading
     */
    void add(K key, long ticks, boolean bornInWindow) {
        long[] readings = firstAndLast.computeIfAbsent(key, first -> new long[] {bornInWindow ? 0 : ticks, 0});
        readings[1] = ticks;
    }

    /** The counters read so far. */
    Set<K> keys() {
        return Collections.unmodifiableSet(firstAndLast.keySet());
    }

    boolean isEmpty() {
        return firstAndLast.isEmpty();
    }

    /** Ticks spent in the window, summed over the counters. */
    long total() {
        return firstAndLast.values().stream()
                .mapToLong(readings -> Math.max(0, readings[1] - readings[0]))
                .sum();
    }
}
