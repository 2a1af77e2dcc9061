package dev.foreman.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingOffsetsTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final long START = 1_000_000_000L;
    private static final TopicPartition NORMAL_0 = new TopicPartition("foreman.jobs.normal", 0);
    private static final TopicPartition NORMAL_1 = new TopicPartition("foreman.jobs.normal", 1);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final PendingOffsets offsets = new PendingOffsets(INTERVAL, START);

    @Test
    void commitsNothingBeforeTheIntervalHasPassedSinceTheLastCommit() {
        consumer.assign(List.of(NORMAL_0));
        offsets.add(Map.of(NORMAL_0, new OffsetAndMetadata(5)));

        offsets.commitIfDue(consumer, START + INTERVAL.toNanos() - 1);

        assertThat(consumer.committed(Set.of(NORMAL_0))).isEmpty();
        assertThat(offsets.pending()).containsKey(NORMAL_0);
    }

    @Test
    void commitsTheLatestOffsetOfEachPartitionOnceTheIntervalHasPassed() {
        consumer.assign(List.of(NORMAL_0, NORMAL_1));
        offsets.add(Map.of(NORMAL_0, new OffsetAndMetadata(5)));
        offsets.add(Map.of(NORMAL_0, new OffsetAndMetadata(9), NORMAL_1, new OffsetAndMetadata(3)));

        offsets.commitIfDue(consumer, START + INTERVAL.toNanos());

        assertThat(consumer.committed(Set.of(NORMAL_0, NORMAL_1)))
                .isEqualTo(Map.of(NORMAL_0, new OffsetAndMetadata(9), NORMAL_1, new OffsetAndMetadata(3)));
        assertThat(offsets.pending()).isEmpty();
    }

    @Test
    void waitsAnotherIntervalAfterACommit() {
        consumer.assign(List.of(NORMAL_0));
        offsets.add(Map.of(NORMAL_0, new OffsetAndMetadata(5)));
        long committedAt = START + INTERVAL.toNanos();
        offsets.commitIfDue(consumer, committedAt);
        offsets.add(Map.of(NORMAL_0, new OffsetAndMetadata(8)));

        offsets.commitIfDue(consumer, committedAt + INTERVAL.toNanos() / 2);

        assertThat(consumer.committed(Set.of(NORMAL_0))).containsEntry(NORMAL_0, new OffsetAndMetadata(5));
    }

    @Test
    void commitsThePartitionsItLeavesAtOnceAndKeepsTheOthersPending() {
        consumer.assign(List.of(NORMAL_0, NORMAL_1));
        offsets.add(Map.of(NORMAL_0, new OffsetAndMetadata(5), NORMAL_1, new OffsetAndMetadata(7)));

        offsets.commitBeforeLeaving(consumer, List.of(NORMAL_1));

        assertThat(consumer.committed(Set.of(NORMAL_0, NORMAL_1)))
                .isEqualTo(Map.of(NORMAL_1, new OffsetAndMetadata(7)));
        assertThat(offsets.pending()).containsOnlyKeys(NORMAL_0);
    }

    @Test
    void forgetsTheOffsetsOfLostPartitionsWithoutCommittingThem() {
        consumer.assign(List.of(NORMAL_0, NORMAL_1));
        offsets.add(Map.of(NORMAL_0, new OffsetAndMetadata(5), NORMAL_1, new OffsetAndMetadata(7)));

        offsets.forget(List.of(NORMAL_1));
        offsets.commitNow(consumer, START + INTERVAL.toNanos());

        assertThat(consumer.committed(Set.of(NORMAL_0, NORMAL_1)))
                .isEqualTo(Map.of(NORMAL_0, new OffsetAndMetadata(5)));
        assertThat(offsets.pending()).isEmpty();
    }
}
