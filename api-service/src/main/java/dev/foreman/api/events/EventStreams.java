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
import java.util.HashMap;
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
 * entry a kind ({@code jobs} or {@code reset}) and, for jobs, up to {@link #EVENTS_PER_ENTRY} of the
 * tenant's protobuf {@code JobEvent}s that the relay appended together, length-delimited, with the
 * recording number ({@code job_events.id}) of the entry's last event. Packing them saves a command
 * per event: at a few thousand jobs a second, one {@code XADD} per event cost the api-service as
 * much CPU as taking the jobs' submissions (bench, issue #16). An entry of kind {@code job}, one
 * event, is what streams held before events were packed; it is still read.
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
    private static final byte[] JOBS = bytes("jobs");
    private static final byte[] RESET = bytes("reset");
    private static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(1);

    /**
     * The most job events one stream entry holds. A read of the streams takes whole entries, so
     * this bounds how far one read can overshoot its count of events (and a client's buffer).
     */
    static final int EVENTS_PER_ENTRY = 100;

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
            for (Map.Entry<UUID, List<RecordedJobEvent>> tenant :
                    byTenant(events).entrySet()) {
                byte[] key = touched.computeIfAbsent(tenant.getKey(), EventStreams::key);
                List<RecordedJobEvent> all = tenant.getValue();
                for (int from = 0; from < all.size(); from += EVENTS_PER_ENTRY) {
                    List<RecordedJobEvent> entry = all.subList(from, Math.min(all.size(), from + EVENTS_PER_ENTRY));
                    Map<byte[], byte[]> fields = new LinkedHashMap<>();
                    fields.put(KIND, JOBS);
                    fields.put(EVENT, JobEventRecords.pack(entry));
                    fields.put(SEQ, bytes(Long.toString(entry.getLast().seq())));
                    connection.streamCommands().xAdd(MapRecord.create(key, fields), trim);
                }
            }
            for (byte[] key : touched.values()) {
                connection.keyCommands().pExpire(key, expireMillis);
            }
            return null;
        });
    }

    /** Each tenant's events in order, the tenants in the order of their first event. */
    private static Map<UUID, List<RecordedJobEvent>> byTenant(List<RecordedJobEvent> events) {
        Map<UUID, List<RecordedJobEvent>> byTenant = new LinkedHashMap<>();
        for (RecordedJobEvent event : events) {
            byTenant.computeIfAbsent(event.tenantId(), tenant -> new ArrayList<>())
                    .add(event);
        }
        return byTenant;
    }

    /**
     * The events of the entries after each tenant's cursor's entry ({@link EventId#entryId()}: the
     * fan-out hands on whole entries), about {@code count} events per stream (whole entries: at
     * least one), in stream order; {@link Page#more()} says whether a stream may hold more.
     */
    Page readAfter(Map<UUID, EventId> cursors, int count) {
        if (cursors.isEmpty()) {
            return new Page(List.of(), false);
        }
        int entries = entries(count);
        @SuppressWarnings("unchecked")
        StreamOffset<byte[]>[] offsets = cursors.entrySet().stream()
                .map(e -> StreamOffset.create(
                        key(e.getKey()), ReadOffset.from(e.getValue().entryId())))
                .toArray(StreamOffset[]::new);
        List<ByteRecord> records = redis.execute((RedisCallback<List<ByteRecord>>) connection ->
                connection.streamCommands().xRead(StreamReadOptions.empty().count(entries), offsets));
        Map<String, Integer> perStream = new HashMap<>();
        boolean more = false;
        for (ByteRecord record : records == null ? List.<ByteRecord>of() : records) {
            String stream = new String(record.getStream(), StandardCharsets.UTF_8);
            more |= perStream.merge(stream, 1, Integer::sum) >= entries;
        }
        return new Page(toEvents(records), more);
    }

    /**
     * The tenant's events after {@code after}, oldest first, from about {@code count} events' worth
     * of entries; {@link Page#more()} says whether entries are left after them.
     */
    Page rangeAfter(UUID tenantId, EventId after, int count) {
        byte[] key = key(tenantId);
        int entries = entries(count);
        String own = after.entryId();
        // Inclusive from after's own entry, which may hold events after it (those up to it are
        // dropped below); then up to `entries` entries after it, and one more to tell whether more are left.
        List<ByteRecord> records = redis.execute((RedisCallback<List<ByteRecord>>) connection -> connection
                .streamCommands()
                .xRange(key, Range.closed(own, "+"), Limit.limit().count(entries + 2)));
        List<ByteRecord> page = new ArrayList<>();
        int later = 0;
        boolean more = false;
        for (ByteRecord record : records == null ? List.<ByteRecord>of() : records) {
            if (!own.equals(record.getId().getValue())) {
                if (later == entries) {
                    more = true;
                    break;
                }
                later++;
            }
            page.add(record);
        }
        List<StreamEvent> events = toEvents(page).stream()
                .filter(event -> event.id().compareTo(after) > 0)
                .toList();
        return new Page(events, more);
    }

    /** Events read from a stream, and whether the stream holds more after them. */
    record Page(List<StreamEvent> events, boolean more) {}

    /** How many entries to read for about {@code events} events: at least one. */
    private static int entries(int events) {
        return Math.max(1, events / EVENTS_PER_ENTRY);
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
        // An entry id without an index: the entry as a whole, after every event in it.
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
            addEvents(record, events);
        }
        return events;
    }

    /** Adds the entry's events to {@code events}: its job events, or its reset marker. */
    private void addEvents(ByteRecord record, List<StreamEvent> events) {
        String stream = new String(record.getStream(), StandardCharsets.UTF_8);
        UUID tenant = UUID.fromString(stream.substring(KEY_PREFIX.length()));
        EventId id = EventId.parse(record.getId().getValue());
        byte[] kind = field(record, KIND);
        if (Arrays.equals(kind, RESET)) {
            events.add(new StreamEvent(id, tenant, StreamEvent.Kind.RESET, null, null, "{\"reason\":\"events_lost\"}"));
            return;
        }
        byte[] proto = field(record, EVENT);
        if (proto == null) {
            return;
        }
        if (Arrays.equals(kind, JOB)) {
            // One event, as streams held them before events were packed: its id is the entry's.
            events.add(toEvent(id, tenant, JobEventRecords.fromBytes(proto)));
            return;
        }
        List<JobEvent> packed = JobEventRecords.unpack(proto);
        for (int i = 0; i < packed.size(); i++) {
            events.add(toEvent(id.at(i), tenant, packed.get(i)));
        }
    }

    private StreamEvent toEvent(EventId id, UUID tenant, JobEvent event) {
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
