package dev.foreman.common.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code queue} label of a metric: a queue's own name for the first {@link #LIMIT} names this
 * process labels, {@link #OTHER} for every later one. Queue names are chosen by clients, so an
 * unbounded label would let one tenant grow every Prometheus series without end; a process keeps
 * at most {@code LIMIT + 1} values. Thread-safe.
 */
public final class QueueLabels {
    /** The most queue names one process gives a label of their own. */
    public static final int LIMIT = 20;

    /** The label of every queue past the limit. */
    public static final String OTHER = "other";

    private final int limit;
    private final Set<String> named = ConcurrentHashMap.newKeySet();
    private volatile boolean full;

    public QueueLabels() {
        this(LIMIT);
    }

    QueueLabels(int limit) {
        this.limit = limit;
    }

    /** The label value for {@code queue}: its name while names are left, else {@link #OTHER}. */
    public String of(String queue) {
        if (named.contains(queue)) {
            return queue;
        }
        if (full) {
            return OTHER;
        }
        synchronized (this) {
            if (named.size() < limit) {
                named.add(queue);
                return queue;
            }
            full = true;
            return named.contains(queue) ? queue : OTHER;
        }
    }
}
