package dev.foreman.common.dispatch;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Priority;
import dev.foreman.common.outbox.OutboxEntry;
import dev.foreman.common.tracing.Traceparent;
import dev.foreman.proto.v1.JobDispatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Encodes a queued job into its dispatch record and decodes one back. The record goes to the job's
 * priority topic ({@link Priority#topic()}), keyed by the job id so every record of a job lands on
 * one partition; its value is a {@code foreman.v1.JobDispatch}; a {@code traceparent} header, when
 * there is one, carries the trace the dispatch continues.
 */
public final class DispatchRecords {
    /** The W3C trace context header a dispatch record may carry. */
    public static final String TRACEPARENT = Traceparent.HEADER;

    private DispatchRecords() {}

    /** The record announcing an outbox entry, continuing the entry's own trace context. */
    public static ProducerRecord<String, byte[]> encode(OutboxEntry entry) {
        return encode(entry, entry.traceparent());
    }

    /**
     * The record announcing an outbox entry: what the relay publishes.
     *
     * @param traceparent the trace context the record carries: the publish span's, or the entry's
     *     own when no span was recorded; null for none
     */
    public static ProducerRecord<String, byte[]> encode(OutboxEntry entry, String traceparent) {
        return encode(
                new DueJob(entry.jobId(), entry.tenantId(), entry.queue(), entry.priority()),
                entry.createdAt(),
                traceparent);
    }

    /**
     * The record announcing {@code job}, queued (its outbox row written) at {@code enqueuedAt}.
     *
     * @param traceparent the trace to continue, or null for none
     */
    public static ProducerRecord<String, byte[]> encode(DueJob job, Instant enqueuedAt, String traceparent) {
        byte[] value = JobDispatch.newBuilder()
                .setJobId(job.id().toString())
                .setTenantId(job.tenantId().toString())
                .setQueue(job.queue())
                .setPriority(toProto(job.priority()))
                .setEnqueuedAtMs(enqueuedAt.toEpochMilli())
                .build()
                .toByteArray();
        List<Header> headers = traceparent == null
                ? List.of()
                : List.of(new RecordHeader(TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(job.priority().topic(), null, job.id().toString(), value, headers);
    }

    /**
     * Reads a dispatch record. Only the job id is required: the worker reads everything else from
     * Postgres when it claims the job.
     *
     * @throws UndecodableRecordException when the value is missing, is not a {@code JobDispatch},
     *     or names no job
     */
    public static Dispatch decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new UndecodableRecordException("empty value", null);
        }
        try {
            JobDispatch dispatch = JobDispatch.parseFrom(record.value());
            return new Dispatch(
                    UUID.fromString(dispatch.getJobId()),
                    dispatch.getTenantId().isEmpty() ? null : UUID.fromString(dispatch.getTenantId()),
                    dispatch.getQueue(),
                    fromProto(dispatch.getPriority()),
                    Instant.ofEpochMilli(dispatch.getEnqueuedAtMs()));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new UndecodableRecordException(e.getMessage(), e);
        }
    }

    /**
     * The record's {@code traceparent} header ({@link Traceparent#parse parsed}), or null when it has
     * none or an invalid one; readable even when the value is not.
     */
    public static String traceparent(ConsumerRecord<String, byte[]> record) {
        Header trace = record.headers().lastHeader(TRACEPARENT);
        return trace == null || trace.value() == null
                ? null
                : Traceparent.parse(new String(trace.value(), StandardCharsets.UTF_8));
    }

    private static dev.foreman.proto.v1.Priority toProto(Priority priority) {
        return switch (priority) {
            case HIGH -> dev.foreman.proto.v1.Priority.PRIORITY_HIGH;
            case NORMAL -> dev.foreman.proto.v1.Priority.PRIORITY_NORMAL;
            case LOW -> dev.foreman.proto.v1.Priority.PRIORITY_LOW;
        };
    }

    private static Priority fromProto(dev.foreman.proto.v1.Priority priority) {
        return switch (priority) {
            case PRIORITY_HIGH -> Priority.HIGH;
            case PRIORITY_NORMAL -> Priority.NORMAL;
            case PRIORITY_LOW -> Priority.LOW;
            case PRIORITY_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    /**
     * A decoded dispatch record.
     *
     * @param tenantId the owning tenant, or null if the record names none
     * @param priority the job's priority, or null if the record names none (the topic tells it too)
     * @param enqueuedAt when the job's outbox row was written
     */
    public record Dispatch(UUID jobId, UUID tenantId, String queue, Priority priority, Instant enqueuedAt) {}

    /** A record that is not a dispatch record; its message says why. */
    public static final class UndecodableRecordException extends IllegalArgumentException {
        UndecodableRecordException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
