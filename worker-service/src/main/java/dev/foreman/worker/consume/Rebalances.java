package dev.foreman.worker.consume;

import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What intake does when the group moves partitions: new ones follow the current priority turn
 * (they arrive unpaused), revoked ones get their pending offsets committed before they go, and
 * lost ones get theirs forgotten.
 */
final class Rebalances implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(Rebalances.class);

    private final Consumer<?, ?> consumer;
    private final PendingOffsets offsets;
    private final java.util.function.Consumer<Collection<TopicPartition>> applyPauses;

    Rebalances(
            Consumer<?, ?> consumer,
            PendingOffsets offsets,
            java.util.function.Consumer<Collection<TopicPartition>> applyPauses) {
        this.consumer = consumer;
        this.offsets = offsets;
        this.applyPauses = applyPauses;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        applyPauses.accept(partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Nothing is buffered and every taken record is already claimed: only their offsets are left.
        offsets.commitBeforeLeaving(consumer, partitions);
    }

    /**
     * Unlike revoked partitions, lost ones (this worker was dropped from the group, after a long
     * pause say) may belong to another consumer already. Kafka's default treats them as revoked,
     * and the commit fails with a warning; their offsets are forgotten instead.
     */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        offsets.forget(partitions);
        log.info(
                "Lost partitions {} (this worker was dropped from its group); their records will be delivered"
                        + " again and claim nothing",
                partitions);
    }
}
