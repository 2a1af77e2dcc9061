package dev.foreman.worker;

import dev.foreman.common.job.Job;
import dev.foreman.proto.v1.JobDispatch;
import dev.foreman.testkit.infra.TestInfrastructure;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the dispatch records the api-service's outbox relay would publish for a job that was
 * queued (or queued again by the reaper or a hand-back). This module's tests run no relay.
 */
final class StandInRelay implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Clock clock = Clock.systemUTC();

    StandInRelay() {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestInfrastructure.shared().kafkaBootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    void publish(Job job) {
        publishAll(List.of(job));
    }

    void publishAll(List<Job> jobs) {
        try {
            for (Job job : jobs) {
                JobDispatch dispatch = JobDispatch.newBuilder()
                        .setJobId(job.id().toString())
                        .setTenantId(job.tenantId().toString())
                        .setQueue(job.queue())
                        .setEnqueuedAtMs(clock.millis())
                        .build();
                producer.send(new ProducerRecord<>(
                                job.priority().topic(), job.id().toString(), dispatch.toByteArray()))
                        .get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a dispatch record", e);
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
