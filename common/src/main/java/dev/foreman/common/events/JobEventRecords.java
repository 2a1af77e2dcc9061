package dev.foreman.common.events;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.foreman.proto.v1.JobEvent;
import dev.foreman.proto.v1.JobState;
import dev.foreman.proto.v1.Priority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Job events to and from the protobuf {@code foreman.v1.JobEvent} they travel as in Redis. */
public final class JobEventRecords {
    private JobEventRecords() {}

    /** The event as a {@code JobEvent} message. */
    public static JobEvent toProto(RecordedJobEvent event) {
        JobEvent.Builder proto = JobEvent.newBuilder()
                .setJobId(event.jobId().toString())
                .setTenantId(event.tenantId().toString())
                .setQueue(event.queue())
                .setType(event.type())
                .setPriority(Priority.valueOf("PRIORITY_" + event.priority().toUpperCase(Locale.ROOT)))
                .setToState(state(event.state()))
                .setAttempt(event.attempt())
                .setOccurredAtMs(event.at().toEpochMilli());
        if (event.fromState() != null) {
            proto.setFromState(state(event.fromState()));
        }
        return proto.build();
    }

    /** Reads a {@code JobEvent}; throws {@link IllegalArgumentException} for bytes that are not one. */
    public static JobEvent fromBytes(byte[] bytes) {
        try {
            return JobEvent.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a foreman.v1.JobEvent", e);
        }
    }

    /**
     * The events as one byte string: each {@code JobEvent} preceded by its length (protobuf's
     * delimited form), so that one Redis stream entry carries many events.
     */
    public static byte[] pack(List<RecordedJobEvent> events) {
        List<JobEvent> protos = new ArrayList<>(events.size());
        int size = 0;
        for (RecordedJobEvent event : events) {
            JobEvent proto = toProto(event);
            protos.add(proto);
            size += CodedOutputStream.computeUInt32SizeNoTag(proto.getSerializedSize()) + proto.getSerializedSize();
        }
        byte[] bytes = new byte[size];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            for (JobEvent proto : protos) {
                out.writeUInt32NoTag(proto.getSerializedSize());
                proto.writeTo(out);
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("packing job events into an array of their exact size", e);
        }
        return bytes;
    }

    /** The events {@link #pack} packed; throws {@link IllegalArgumentException} for other bytes. */
    public static List<JobEvent> unpack(byte[] bytes) {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        List<JobEvent> events = new ArrayList<>();
        try {
            while (!in.isAtEnd()) {
                int length = in.readRawVarint32();
                int limit = in.pushLimit(length);
                events.add(JobEvent.parseFrom(in));
                in.popLimit(limit);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not packed foreman.v1.JobEvent messages", e);
        }
        return events;
    }

    /** The wire name of a proto state ({@code JOB_STATE_QUEUED} → {@code queued}). */
    public static String stateName(JobState state) {
        return state.name().substring("JOB_STATE_".length()).toLowerCase(Locale.ROOT);
    }

    /** The wire name of a proto priority ({@code PRIORITY_HIGH} → {@code high}). */
    public static String priorityName(Priority priority) {
        return priority.name().substring("PRIORITY_".length()).toLowerCase(Locale.ROOT);
    }

    private static JobState state(String wireName) {
        return JobState.valueOf("JOB_STATE_" + wireName.toUpperCase(Locale.ROOT));
    }
}
