package dev.foreman.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.dispatch.DispatchRecords;
import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Priority;
import dev.foreman.proto.v1.JobDispatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class IntakeBatchTest {
    private static final UUID TENANT = UUID.fromString("0190a5c2-0000-7000-8000-00000000000a");
    private static final Instant ENQUEUED = Instant.parse("2025-01-02T03:04:05Z");
    private static final Map<String, Priority> PRIORITIES =
            Stream.of(Priority.values()).collect(Collectors.toMap(Priority::topic, Function.identity()));
    private static final TopicPartition HIGH_0 = new TopicPartition(Priority.HIGH.topic(), 0);
    private static final TopicPartition NORMAL_0 = new TopicPartition(Priority.NORMAL.topic(), 0);
    private static final TopicPartition LOW_0 = new TopicPartition(Priority.LOW.topic(), 0);
    private static final TopicPartition LOW_1 = new TopicPartition(Priority.LOW.topic(), 1);

    @Test
    void ordersTakenRecordsHighFirstKeepingOffsetOrderWithinAPriority() {
        List<ConsumerRecord<String, byte[]>> records = List.of(
                dispatch(LOW_0, 5),
                dispatch(NORMAL_0, 7),
                dispatch(HIGH_0, 1),
                dispatch(LOW_0, 6),
                dispatch(HIGH_0, 2));

        IntakeBatch batch = IntakeBatch.of(records, 10, 10, PRIORITIES);

        assertThat(batch.taken())
                .extracting(d -> d.partition() + "@" + d.offset())
                .containsExactly(HIGH_0 + "@1", HIGH_0 + "@2", NORMAL_0 + "@7", LOW_0 + "@5", LOW_0 + "@6");
        assertThat(batch.highest()).isEqualTo(Priority.HIGH);
        assertThat(batch.rewinds()).isEmpty();
    }

    @Test
    void takesNoMoreJobsThanSlotsAndRewindsEachPartitionToItsFirstRecordLeft() {
        List<ConsumerRecord<String, byte[]>> records = List.of(
                dispatch(LOW_0, 5), dispatch(LOW_0, 6), dispatch(LOW_1, 3), dispatch(HIGH_0, 1), dispatch(NORMAL_0, 9));

        IntakeBatch batch = IntakeBatch.of(records, 3, 3, PRIORITIES);

        assertThat(batch.taken()).extracting(IntakeBatch.Delivery::partition).containsExactly(HIGH_0, NORMAL_0, LOW_0);
        assertThat(batch.jobIds()).hasSize(3);
        assertThat(batch.rewinds()).isEqualTo(Map.of(LOW_0, 6L, LOW_1, 3L));
    }

    @Test
    void leavesTheSlotsKeptForHighPriorityToHighJobs() {
        List<ConsumerRecord<String, byte[]>> records = List.of(
                dispatch(LOW_0, 5),
                dispatch(LOW_0, 6),
                dispatch(NORMAL_0, 9),
                dispatch(HIGH_0, 1),
                dispatch(HIGH_0, 2));

        IntakeBatch batch = IntakeBatch.of(records, 4, 1, PRIORITIES);

        assertThat(batch.taken())
                .extracting(d -> d.partition() + "@" + d.offset())
                .as("both high jobs may use the kept slots; lower priorities only the one left")
                .containsExactly(HIGH_0 + "@1", HIGH_0 + "@2");
        assertThat(batch.rewinds()).isEqualTo(Map.of(NORMAL_0, 9L, LOW_0, 5L));
    }

    @Test
    void takesLowerPrioritiesIntoTheSlotsNotKeptForHigh() {
        List<ConsumerRecord<String, byte[]>> records =
                List.of(dispatch(LOW_0, 5), dispatch(LOW_0, 6), dispatch(LOW_0, 7), dispatch(HIGH_0, 1));

        IntakeBatch batch = IntakeBatch.of(records, 4, 3, PRIORITIES);

        assertThat(batch.taken())
                .extracting(d -> d.partition() + "@" + d.offset())
                .containsExactly(HIGH_0 + "@1", LOW_0 + "@5", LOW_0 + "@6");
        assertThat(batch.rewinds()).isEqualTo(Map.of(LOW_0, 7L));
    }

    @Test
    void commitsOnePastTheLastTakenRecordOfEachPartition() {
        List<ConsumerRecord<String, byte[]>> records =
                List.of(dispatch(LOW_0, 5), dispatch(LOW_0, 6), dispatch(LOW_0, 7), dispatch(HIGH_0, 1));

        IntakeBatch batch = IntakeBatch.of(records, 3, 3, PRIORITIES);

        assertThat(batch.commits())
                .isEqualTo(Map.of(HIGH_0, new OffsetAndMetadata(2), LOW_0, new OffsetAndMetadata(7)));
        assertThat(batch.rewinds()).isEqualTo(Map.of(LOW_0, 7L));
    }

    @Test
    void rewindingEverythingReturnsEachPartitionToItsFirstRecord() {
        List<ConsumerRecord<String, byte[]>> records =
                List.of(dispatch(LOW_0, 5), dispatch(LOW_0, 6), dispatch(HIGH_0, 1));

        IntakeBatch batch = IntakeBatch.of(records, 2, 2, PRIORITIES);

        assertThat(batch.rewindsOfEverything()).isEqualTo(Map.of(HIGH_0, 1L, LOW_0, 5L));
    }

    @Test
    void undecodableRecordsAreTakenAndCommittedButClaimNothing() {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(record(NORMAL_0, 3, "not protobuf".getBytes(StandardCharsets.UTF_8)));
        records.add(record(
                NORMAL_0,
                4,
                JobDispatch.newBuilder().setJobId("not-a-uuid").build().toByteArray()));
        records.add(record(NORMAL_0, 5, null));
        records.add(dispatch(NORMAL_0, 6));

        IntakeBatch batch = IntakeBatch.of(records, 1, 1, PRIORITIES);

        assertThat(batch.undecodable()).extracting(IntakeBatch.Delivery::offset).containsExactly(3L, 4L, 5L);
        assertThat(batch.jobIds()).hasSize(1);
        assertThat(batch.commits()).isEqualTo(Map.of(NORMAL_0, new OffsetAndMetadata(7)));
    }

    @Test
    void aJobDeliveredTwiceInOnePollTakesOneSlot() {
        UUID jobId = UUID.randomUUID();
        List<ConsumerRecord<String, byte[]>> records =
                List.of(dispatch(NORMAL_0, 1, jobId), dispatch(NORMAL_0, 2, jobId), dispatch(NORMAL_0, 3));

        IntakeBatch batch = IntakeBatch.of(records, 1, 1, PRIORITIES);

        assertThat(batch.jobIds()).containsExactly(jobId);
        assertThat(batch.taken()).hasSize(2);
        assertThat(batch.rewinds()).isEqualTo(Map.of(NORMAL_0, 3L));
    }

    @Test
    void readsTheTraceparentHeader() {
        ConsumerRecord<String, byte[]> record =
                dispatch(HIGH_0, 1, UUID.randomUUID(), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        IntakeBatch batch = IntakeBatch.of(List.of(record), 1, 1, PRIORITIES);

        assertThat(batch.taken().getFirst().traceparent())
                .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    }

    private static ConsumerRecord<String, byte[]> dispatch(TopicPartition partition, long offset) {
        return dispatch(partition, offset, UUID.randomUUID());
    }

    private static ConsumerRecord<String, byte[]> dispatch(TopicPartition partition, long offset, UUID jobId) {
        return dispatch(partition, offset, jobId, null);
    }

    /** The relay's record for a job on {@code partition}'s priority, as the consumer reads it. */
    private static ConsumerRecord<String, byte[]> dispatch(
            TopicPartition partition, long offset, UUID jobId, String traceparent) {
        ProducerRecord<String, byte[]> sent = DispatchRecords.encode(
                new DueJob(jobId, TENANT, "default", PRIORITIES.get(partition.topic())), ENQUEUED, traceparent);
        ConsumerRecord<String, byte[]> received = record(partition, offset, sent.value());
        sent.headers().forEach(received.headers()::add);
        return received;
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset, byte[] value) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null, value);
    }
}
