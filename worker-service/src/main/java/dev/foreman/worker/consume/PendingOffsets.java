package dev.foreman.worker.consume;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offsets of claimed records, committed to Kafka at most once per interval. The claim, not the
 * offset, protects a job: a commit that is late or lost (a crash, a rebalance) only means some
 * records are delivered again and claim nothing. Committing after every poll cost the broker an
 * offset write per poll, hundreds a second at a steady trickle of jobs.
 */
final class PendingOffsets {
    private static final Logger log = LoggerFactory.getLogger(PendingOffsets.class);

    private final long intervalNanos;
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    private long lastCommitNanos;

    PendingOffsets(Duration interval, long nowNanos) {
        this.intervalNanos = interval.toNanos();
        this.lastCommitNanos = nowNanos;
    }

    /** Notes the offsets a claimed poll may commit; a partition keeps its latest. */
    void add(Map<TopicPartition, OffsetAndMetadata> offsets) {
        pending.putAll(offsets);
    }

    /** Commits what is pending, without waiting, if the interval has passed since the last commit. */
    void commitIfDue(Consumer<?, ?> consumer, long nowNanos) {
        if (!pending.isEmpty() && nowNanos - lastCommitNanos >= intervalNanos) {
            commitNow(consumer, nowNanos);
        }
    }

    /** Commits what is pending, without waiting. */
    void commitNow(Consumer<?, ?> consumer, long nowNanos) {
        if (pending.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(pending);
        pending.clear();
        lastCommitNanos = nowNanos;
        try {
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    log.warn("Committing offsets after a claim failed; the records will be delivered again", error);
                }
            });
        } catch (KafkaException e) {
            log.warn("Committing offsets after a claim failed; the records will be delivered again", e);
        }
    }

    /**
     * Commits, and waits for, the pending offsets of {@code partitions}: before they move to another
     * consumer in a rebalance, or before this one closes. A failure only means redeliveries.
     */
    void commitBeforeLeaving(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = pending.remove(partition);
            if (offset != null) {
                offsets.put(partition, offset);
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (KafkaException e) {
            log.warn("Committing offsets before leaving partitions failed; their records will be delivered again", e);
        }
    }

    /**
     * Drops the pending offsets of {@code partitions} without committing them: the partitions were
     * lost (this consumer was dropped from the group, after a long pause say), so another consumer
     * may own them and have committed further. A commit now would fail, and a stale offset kept for
     * later could move the group back if the partition returns. Their records are delivered again
     * and claim nothing.
     */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(pending::remove);
    }

    /** Partitions with an offset waiting; for tests. */
    Map<TopicPartition, OffsetAndMetadata> pending() {
        return Map.copyOf(pending);
    }
}
