package dev.foreman.common.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.common.dispatch.DispatchRecords.Dispatch;
import dev.foreman.common.dispatch.DispatchRecords.UndecodableRecordException;
import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Priority;
import dev.foreman.common.outbox.OutboxEntry;
import dev.foreman.proto.v1.JobDispatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DispatchRecordsTest {
    private static final UUID JOB = UUID.fromString("0190a5c2-7e3f-7a11-8b2c-0123456789ab");
    private static final UUID TENANT = UUID.fromString("0190a5c2-0000-7000-8000-00000000000a");
    private static final Instant ENQUEUED = Instant.parse("2025-01-02T03:04:05.678Z");
    private static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void encodesAnOutboxEntryOnItsPriorityTopicKeyedByTheJobId() {
        ProducerRecord<String, byte[]> record =
                DispatchRecords.encode(new OutboxEntry(7, JOB, TENANT, "emails", Priority.HIGH, ENQUEUED));

        assertThat(record.topic()).isEqualTo("foreman.jobs.high");
        assertThat(record.key()).isEqualTo(JOB.toString());
        assertThat(record.partition()).isNull();
        assertThat(record.timestamp()).isNull();
        assertThat(record.headers().toArray()).isEmpty();
        // The bytes every relay so far has published: field by field, in field-number order.
        assertThat(HexFormat.of().formatHex(record.value()))
                .isEqualTo(HexFormat.of()
                        .formatHex(JobDispatch.newBuilder()
                                .setJobId(JOB.toString())
                                .setTenantId(TENANT.toString())
                                .setQueue("emails")
                                .setPriority(dev.foreman.proto.v1.Priority.PRIORITY_HIGH)
                                .setEnqueuedAtMs(ENQUEUED.toEpochMilli())
                                .build()
                                .toByteArray()))
                .startsWith("0a24" + HexFormat.of().formatHex(JOB.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void decodesWhatItEncodedWithItsTraceparent() {
        for (Priority priority : Priority.values()) {
            ProducerRecord<String, byte[]> sent =
                    DispatchRecords.encode(new DueJob(JOB, TENANT, "reports", priority), ENQUEUED, TRACE);

            ConsumerRecord<String, byte[]> received = received(sent);

            assertThat(received.topic()).isEqualTo(priority.topic());
            assertThat(DispatchRecords.decode(received))
                    .isEqualTo(new Dispatch(JOB, TENANT, "reports", priority, ENQUEUED));
            assertThat(DispatchRecords.traceparent(received)).isEqualTo(TRACE);
        }
    }

    @Test
    void anOutboxEntrysRecordCarriesTheJobsTraceContext() {
        ConsumerRecord<String, byte[]> received = received(
                DispatchRecords.encode(new OutboxEntry(7, JOB, TENANT, "emails", Priority.HIGH, ENQUEUED, TRACE)));

        assertThat(DispatchRecords.traceparent(received)).isEqualTo(TRACE);
    }

    @Test
    void anInvalidTraceparentHeaderReadsAsNone() {
        ProducerRecord<String, byte[]> sent =
                DispatchRecords.encode(new DueJob(JOB, TENANT, "q", Priority.LOW), ENQUEUED, "00-not-a-trace");

        assertThat(DispatchRecords.traceparent(received(sent))).isNull();
    }

    @Test
    void aRecordWithoutTraceHasNoTraceparent() {
        ConsumerRecord<String, byte[]> received =
                received(DispatchRecords.encode(new DueJob(JOB, TENANT, "q", Priority.LOW), ENQUEUED, null));

        assertThat(DispatchRecords.traceparent(received)).isNull();
    }

    @Test
    void needsOnlyTheJobIdToDecode() {
        ConsumerRecord<String, byte[]> bare =
                record(JobDispatch.newBuilder().setJobId(JOB.toString()).build().toByteArray());

        assertThat(DispatchRecords.decode(bare)).isEqualTo(new Dispatch(JOB, null, "", null, Instant.EPOCH));
    }

    @Test
    void rejectsAMissingValueAValueThatIsNotADispatchAndADispatchNamingNoJob() {
        assertThatThrownBy(() -> DispatchRecords.decode(record(null)))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessage("empty value");
        assertThatThrownBy(() -> DispatchRecords.decode(record("not protobuf".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UndecodableRecordException.class);
        assertThatThrownBy(() -> DispatchRecords.decode(record(
                        JobDispatch.newBuilder().setJobId("not-a-uuid").build().toByteArray())))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("not-a-uuid");
    }

    /** {@code sent} as a consumer reads it back. */
    private static ConsumerRecord<String, byte[]> received(ProducerRecord<String, byte[]> sent) {
        return new ConsumerRecord<>(
                sent.topic(),
                0,
                0L,
                0L,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                sent.key(),
                sent.value(),
                new RecordHeaders(sent.headers().toArray()),
                Optional.empty());
    }

    private static ConsumerRecord<String, byte[]> record(byte[] value) {
        return new ConsumerRecord<>(Priority.NORMAL.topic(), 0, 0L, null, value);
    }
}
