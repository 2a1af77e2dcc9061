package dev.foreman.api.outbox;

import dev.foreman.common.dispatch.DispatchRecords;
import dev.foreman.common.dispatch.DispatchRecords.Dispatch;
import dev.foreman.common.dispatch.DispatchRecords.UndecodableRecordException;
import dev.foreman.common.job.JobTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything on the three dispatch topics, read from the beginning by a consumer group of its own.
 * Not thread-safe: poll it from the test thread (Awaitility's {@code pollInSameThread}). Public for
 * the job tests, which prove that a retried job was published.
 */
public final class DispatchLog implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Dispatched> seen = new ArrayList<>();

    /** One record: where it was, its key, its decoded value and its trace context (or null). */
    public record Dispatched(String topic, String key, Dispatch dispatch, String traceparent) {}

    public DispatchLog(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "api-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
        consumer.subscribe(JobTopics.all());
    }

    /** Reads what arrived since the last call; returns this log for chaining. */
    public DispatchLog readNew() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            try {
                seen.add(new Dispatched(
                        record.topic(),
                        record.key(),
                        DispatchRecords.decode(record),
                        DispatchRecords.traceparent(record)));
            } catch (UndecodableRecordException e) {
                throw new AssertionError("a record on " + record.topic() + " is not a dispatch record", e);
            }
        }
        return this;
    }

    /** The records of {@code jobId} read so far. */
    public List<Dispatched> of(UUID jobId) {
        return seen.stream().filter(d -> d.dispatch().jobId().equals(jobId)).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
