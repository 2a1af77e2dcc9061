package dev.foreman.scheduler.lost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.Priority;
import dev.foreman.scheduler.CaughtUpWorkers;
import dev.foreman.testkit.infra.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reading how far the workers' consumer group has read the dispatch topics, against a real Kafka.
 * Each test has a consumer group of its own; records of earlier tests stay on the shared topics.
 */
class KafkaWorkerProgressIT {
    private static final Instant NOW = Instant.now();

    private final String bootstrapServers = TestInfrastructure.shared().kafkaBootstrapServers();
    private final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    private final String group = "workers-" + UUID.randomUUID();
    private final KafkaWorkerProgress progress = new KafkaWorkerProgress(admin, group);

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    @Test
    void aTopicWithRecordsTheGroupNeverReadHoldsItsPriorityBack() throws Exception {
        write(Priority.HIGH, 0, NOW.minus(Duration.ofHours(1)));

        assertThat(progress.consumedBefore(NOW)).doesNotContain(Priority.HIGH);
    }

    @Test
    void topicsReadToTheirEndCountAsRead() throws Exception {
        write(Priority.NORMAL, 2, NOW.minus(Duration.ofHours(1)));

        commitEveryPartitionAtItsEnd();

        assertThat(progress.consumedBefore(NOW)).containsExactlyInAnyOrder(Priority.values());
    }

    @Test
    void recordsWrittenAfterTheTimeDoNotHoldThePriorityBackButEarlierOnesDo() throws Exception {
        write(Priority.LOW, 1, NOW.minus(Duration.ofHours(1)));
        commitEveryPartitionAtItsEnd();

        write(Priority.LOW, 1, NOW);

        assertThat(progress.consumedBefore(NOW.minus(Duration.ofMinutes(30)))).contains(Priority.LOW);
        assertThat(progress.consumedBefore(NOW.plus(Duration.ofMinutes(1)))).doesNotContain(Priority.LOW);
    }

    @Test
    void answersNoPriorityWhenKafkaCannotBeReached() {
        try (Admin unreachable = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000))) {

            assertThat(new KafkaWorkerProgress(unreachable, group).consumedBefore(NOW))
                    .isEmpty();
        }
    }

    private void write(Priority priority, int partition, Instant timestamp) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings)) {
            producer.send(new ProducerRecord<>(
                            priority.topic(),
                            partition,
                            timestamp.toEpochMilli(),
                            UUID.randomUUID().toString(),
                            new byte[0]))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private void commitEveryPartitionAtItsEnd() throws Exception {
        CaughtUpWorkers.commitEverythingReadBy(admin, group);
    }
}
