package dev.foreman.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RebalancesTest {
    private static final TopicPartition NORMAL_0 = new TopicPartition("foreman.jobs.normal", 0);
    private static final TopicPartition NORMAL_1 = new TopicPartition("foreman.jobs.normal", 1);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final PendingOffsets offsets = new PendingOffsets(Duration.ofMillis(100), 0);
    private final List<Collection<TopicPartition>> paused = new ArrayList<>();
    private final Rebalances rebalances = new Rebalances(consumer, offsets, paused::add);

    @Test
    void lostPartitionsAreNotCommittedAndTheirOffsetsAreForgotten() {
        consumer.assign(List.of(NORMAL_0, NORMAL_1));
        offsets.add(Map.of(NORMAL_0, new OffsetAndMetadata(5), NORMAL_1, new OffsetAndMetadata(7)));

        rebalances.onPartitionsLost(List.of(NORMAL_1));

        assertThat(consumer.committed(Set.of(NORMAL_0, NORMAL_1))).isEmpty();
        assertThat(offsets.pending()).containsOnlyKeys(NORMAL_0);
    }

    @Test
    void revokedPartitionsHaveTheirPendingOffsetsCommittedBeforeTheyGo() {
        consumer.assign(List.of(NORMAL_0, NORMAL_1));
        offsets.add(Map.of(NORMAL_0, new OffsetAndMetadata(5), NORMAL_1, new OffsetAndMetadata(7)));

        rebalances.onPartitionsRevoked(List.of(NORMAL_1));

        assertThat(consumer.committed(Set.of(NORMAL_0, NORMAL_1)))
                .isEqualTo(Map.of(NORMAL_1, new OffsetAndMetadata(7)));
    }

    @Test
    void assignedPartitionsFollowTheCurrentPriorityTurn() {
        rebalances.onPartitionsAssigned(List.of(NORMAL_0));

        assertThat(paused).containsExactly(List.of(NORMAL_0));
    }
}
