package dev.foreman.testkit.dispatch;

import dev.foreman.common.dispatch.DispatchRecords;
import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Job;
import dev.foreman.testkit.infra.TestInfrastructure;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the dispatch records the api-service's outbox relay would publish for a job that was
 * queued (or queued again by the reaper or a hand-back), through {@link DispatchRecords}, to the
 * shared Kafka. Each publish waits for Kafka's acknowledgement, so records arrive in call order.
 */
public final class StandInRelay implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Clock clock = Clock.systemUTC();

    public StandInRelay() {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestInfrastructure.shared().kafkaBootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** Publishes {@code job}'s record, enqueued now, and returns where Kafka put it. */
    public RecordMetadata publish(Job job) {
        return publish(job, null);
    }

    /** The same, with {@code traceparent} as the record's trace context (null for none). */
    public RecordMetadata publish(Job job, String traceparent) {
        return send(DispatchRecords.encode(
                new DueJob(job.id(), job.tenantId(), job.queue(), job.priority()), clock.instant(), traceparent));
    }

    /** Publishes the jobs' records one after another, in order. */
    public List<RecordMetadata> publishAll(List<Job> jobs) {
        List<RecordMetadata> published = new ArrayList<>();
        for (Job job : jobs) {
            published.add(publish(job));
        }
        return published;
    }

    /** Publishes any record, for a test of what the worker makes of a record that is not a dispatch. */
    public RecordMetadata send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a record on " + record.topic(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
