package dev.foreman.api.outbox;

import dev.foreman.api.ApiProperties;
import dev.foreman.common.job.JobTopics;
import dev.foreman.common.outbox.OutboxRepository;
import dev.foreman.common.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Kafka producer of the relay and of publishing at commit, the relay's LISTEN connection, and
 * the three priority topics (created at startup by Spring's {@link KafkaAdmin}, so a fresh Kafka
 * works without manual setup).
 */
@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    /**
     * An idempotent producer ({@code acks=all}) built from {@code spring.kafka.*}; the settings
     * that the relay's guarantees rest on are forced, whatever the configuration says.
     */
    @Bean(destroyMethod = "close")
    DispatchPublisher dispatchPublisher(KafkaProperties kafka, ApiProperties properties, Tracing tracing) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "foreman-outbox-relay");
        return new DispatchPublisher(
                new KafkaProducer<>(config), properties.outbox().sendTimeout(), tracing);
    }

    /**
     * The relay producer's own client metrics ({@code kafka_producer_*}: send rates, request
     * latency, errors), withdrawn before the producer closes.
     */
    @Bean(destroyMethod = "close")
    KafkaClientMetrics dispatchProducerMetrics(DispatchPublisher publisher, MeterRegistry meters) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(publisher.producer());
        metrics.bindTo(meters);
        return metrics;
    }

    @Bean
    OutboxWaker outboxWaker(DataSourceProperties dataSource) {
        String url = dataSource.determineUrl();
        String username = dataSource.determineUsername();
        String password = dataSource.determinePassword();
        return new OutboxWaker(() -> DriverManager.getConnection(url, username, password));
    }

    @Bean
    OutboxRelay outboxRelay(
            OutboxRepository outbox,
            TransactionTemplate tx,
            DispatchPublisher publisher,
            OutboxWaker waker,
            ApiProperties properties,
            Clock clock,
            MeterRegistry meters) {
        return new OutboxRelay(outbox, tx, publisher, waker, properties.outbox(), clock, meters);
    }

    @Bean
    DirectPublisher directPublisher(
            DispatchPublisher publisher,
            OutboxRepository outbox,
            ApiProperties properties,
            Clock clock,
            MeterRegistry meters) {
        return new DirectPublisher(publisher, outbox, properties.outbox().relayGrace(), clock, meters);
    }

    @Bean
    PublishOnCommit publishOnCommit(DirectPublisher publisher, ApiProperties properties) {
        return new PublishOnCommit(publisher, properties.outbox());
    }

    @Bean
    KafkaAdmin.NewTopics dispatchTopics(ApiProperties properties) {
        return new KafkaAdmin.NewTopics(JobTopics.all().stream()
                .map(topic -> TopicBuilder.name(topic)
                        .partitions(properties.outbox().topicPartitions())
                        .build())
                .toArray(NewTopic[]::new));
    }
}
