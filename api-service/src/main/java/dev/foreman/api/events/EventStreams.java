package dev.foreman.api.events;

import dev.foreman.common.events.JobEventRecords;
import dev.foreman.common.events.RecordedJobEvent;
import dev.foreman.proto.v1.JobEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Redis side of the events: one stream per tenant, {@code foreman:events:<tenant id>}, each
 * entry a kind ({@code job} or {@code reset}) and, for a job, its protobuf {@code JobEvent}.
 *
 * <p>One stream per tenant rather than one with a tenant field: a client resuming after a pause
 * reads only its own tenant's entries (one shared stream would make it scan every tenant's ten
 * minutes), trimming and expiry follow each tenant's own traffic, and scoping is the key itself.
 * Every append trims entries older than the buffer plus a minute of clock tolerance ({@code
 * MINID ~}) and sets the key to expire after twice the buffer, so an idle tenant's stream goes away.
 */
final class EventStreams {
    static final String KEY_PREFIX = "foreman:events:";
    private static final byte[] KIND = bytes("k");
    private static final byte[] EVENT = bytes("e");
    private static final byte[] SEQ = bytes("s");
    private static final byte[] JOB = bytes("job");
    private static final byte[] RESET = bytes("reset");
    private static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(1);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final Duration buffer;

    EventStreams(StringRedisTemplate redis, JsonMapper json, Duration buffer) {
        this.redis = redis;
        this.json = json;
        this.buffer = buffer;
    }

    static byte[] key(UUID tenantId) {
        return bytes(KEY_PREFIX + tenantId);
    }

    /**
     * Appends the events, in order, and a reset marker to the stream of each tenant in {@code
     * resets}, in one pipelined round trip; throws when Redis did not take all of them.
     */
    void append(List<RecordedJobEvent> events, Collection<UUID> resets, Instant now) {
        XAddOptions trim = XAddOptions.none()
                .minId(RecordId.of(now.minus(buffer).minus(CLOCK_TOLERANCE).toEpochMilli(), 0))
                .approximateTrimming(true);
        long expireMillis = buffer.multipliedBy(2).toMillis();
        Map<UUID, byte[]> touched = new LinkedHashMap<>();
        redis.executePipelined((RedisCallback<Object>) connection -> {
            for (UUID tenant : resets) {
                byte[] key = touched.computeIfAbsent(tenant, EventStreams::key);
                connection.streamCommands().xAdd(MapRecord.create(key, Map.of(KIND, RESET)), trim);
            }
            for (RecordedJobEvent event : events) {
                byte[] key = touched.computeIfAbsent(event.tenantId(), EventStreams::key);
                byte[] proto = JobEventRecords.toProto(event).toByteArray();
                Map<byte[], byte[]> fields = new LinkedHashMap<>();
                fields.put(KIND, JOB);
                fields.put(EVENT, proto);
                fields.put(SEQ, bytes(Long.toString(event.seq())));
                connection.streamCommands().xAdd(MapRecord.create(key, fields), trim);
            }
            for (byte[] key : touched.values()) {
                connection.keyCommands().pExpire(key, expireMillis);
            }
            return null;
        });
    }

    /** Entries after each tenant's cursor, at most {@code count} per stream, in stream order. */
    List<StreamEvent> readAfter(Map<UUID, EventId> cursors, int count) {
        if (cursors.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        StreamOffset<byte[]>[] offsets = cursors.entrySet().stream()
                .map(e -> StreamOffset.create(
                        key(e.getKey()), ReadOffset.from(e.getValue().toString())))
                .toArray(StreamOffset[]::new);
        List<ByteRecord> records = redis.execute((RedisCallback<List<ByteRecord>>) connection ->
                connection.streamCommands().xRead(StreamReadOptions.empty().count(count), offsets));
        return toEvents(records);
    }

    /** Up to {@code count} entries of the tenant's stream after {@code after}, oldest first. */
    List<StreamEvent> rangeAfter(UUID tenantId, EventId after, int count) {
        byte[] key = key(tenantId);
        // Inclusive from the id (its own entry is dropped below): one form every Redis version reads.
        List<ByteRecord> records = redis.execute((RedisCallback<List<ByteRecord>>) connection -> connection
                .streamCommands()
                .xRange(key, Range.closed(after.toString(), "+"), Limit.limit().count(count + 1)));
        return toEvents(records).stream()
                .filter(event -> event.id().compareTo(after) > 0)
                .limit(count)
                .toList();
    }

    /** The id of the tenant's newest entry; {@link EventId#ZERO} when the stream is empty or gone. */
    EventId lastId(UUID tenantId) {
        byte[] key = key(tenantId);
        List<ByteRecord> last = redis.execute((RedisCallback<List<ByteRecord>>) connection -> connection
                .streamCommands()
                .xRevRange(key, Range.unbounded(), Limit.limit().count(1)));
        return last == null || last.isEmpty()
                ? EventId.ZERO
                : EventId.parse(last.getFirst().getId().getValue());
    }

    /**
     * The recording number ({@code job_events.id}) of the newest job event in the tenant's stream,
     * 0 when there is none: after an append whose outcome is unknown (a timeout), the relay skips
     * what Redis took already instead of appending it twice.
     */
    long lastSeq(UUID tenantId) {
        byte[] key = key(tenantId);
        List<ByteRecord> newest = redis.execute((RedisCallback<List<ByteRecord>>) connection -> connection
                .streamCommands()
                .xRevRange(key, Range.unbounded(), Limit.limit().count(20)));
        if (newest == null) {
            return 0;
        }
        for (ByteRecord record : newest) {
            byte[] seq = field(record, SEQ);
            if (seq != null) {
                return Long.parseLong(new String(seq, StandardCharsets.UTF_8));
            }
        }
        return 0;
    }

    /** Whether the tenant's stream exists (it expires after twice the buffer without events). */
    boolean exists(UUID tenantId) {
        byte[] key = key(tenantId);
        Boolean exists = redis.execute(
                (RedisConnection connection) -> connection.keyCommands().exists(key));
        return Boolean.TRUE.equals(exists);
    }

    private List<StreamEvent> toEvents(List<ByteRecord> records) {
        if (records == null || records.isEmpty()) {
            return List.of();
        }
        List<StreamEvent> events = new ArrayList<>(records.size());
        for (ByteRecord record : records) {
            StreamEvent event = toEvent(record);
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    private StreamEvent toEvent(ByteRecord record) {
        String stream = new String(record.getStream(), StandardCharsets.UTF_8);
        UUID tenant = UUID.fromString(stream.substring(KEY_PREFIX.length()));
        EventId id = EventId.parse(record.getId().getValue());
        byte[] kind = field(record, KIND);
        if (Arrays.equals(kind, RESET)) {
            return new StreamEvent(id, tenant, StreamEvent.Kind.RESET, null, null, "{\"reason\":\"events_lost\"}");
        }
        byte[] proto = field(record, EVENT);
        if (proto == null) {
            return null;
        }
        JobEvent event = JobEventRecords.fromBytes(proto);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", event.getJobId());
        data.put("queue", event.getQueue());
        data.put("type", event.getType());
        data.put("priority", JobEventRecords.priorityName(event.getPriority()));
        data.put("state", JobEventRecords.stateName(event.getToState()));
        data.put("attempt", event.getAttempt());
        data.put("at", Instant.ofEpochMilli(event.getOccurredAtMs()).toString());
        return new StreamEvent(
                id, tenant, StreamEvent.Kind.JOB, event.getJobId(), event.getQueue(), json.writeValueAsString(data));
    }

    private static byte[] field(ByteRecord record, byte[] name) {
        for (Map.Entry<byte[], byte[]> entry : record.getValue().entrySet()) {
            if (Arrays.equals(entry.getKey(), name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
