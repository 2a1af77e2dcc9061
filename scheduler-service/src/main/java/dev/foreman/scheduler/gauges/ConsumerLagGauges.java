package dev.foreman.scheduler.gauges;

import dev.foreman.common.job.JobTopics;
import dev.foreman.scheduler.SchedulerProperties;
import dev.foreman.scheduler.lost.WorkerProgressAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code foreman_kafka_consumer_lag{topic}}: the records of each dispatch topic that the workers'
 * consumer group ({@code foreman.scheduler.worker-consumer-group}) has not committed yet, summed
 * over its partitions (a partition the group never committed on counts from its first record). Read
 * from the brokers with the admin client, so it keeps counting when every worker is gone, which is
 * when it matters most; the workers' own client metrics vanish with them.
 */
@Component
class ConsumerLagGauges implements SampledGauges {
    /** Each admin call; a round must not hang on an unreachable broker. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final String group;
    private final MultiGauge lag;

    @Autowired
    ConsumerLagGauges(WorkerProgressAdmin admin, SchedulerProperties properties, MeterRegistry meters) {
        this(admin.client(), properties.workerConsumerGroup(), meters);
    }

    ConsumerLagGauges(Admin admin, String group, MeterRegistry meters) {
        this.admin = admin;
        this.group = group;
        this.lag = MultiGauge.builder("foreman.kafka.consumer.lag")
                .description("Records of each dispatch topic the workers' consumer group has not committed,"
                        + " sampled by the scheduler leader from the brokers")
                .register(meters);
    }

    @Override
    public void sample() {
        Map<String, Long> byTopic;
        try {
            byTopic = lagByTopic();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not read the offsets of consumer group " + group, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading consumer group offsets", e);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        byTopic.forEach((topic, records) -> rows.add(MultiGauge.Row.of(Tags.of("topic", topic), records)));
        lag.register(rows, true);
    }

    @Override
    public void clear() {
        lag.register(List.of(), true);
    }

    /** The group's lag per existing dispatch topic; a topic not created yet has none to report. */
    Map<String, Long> lagByTopic() throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, KafkaFuture<TopicDescription>> descriptions =
                admin.describeTopics(JobTopics.all()).topicNameValues();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
        Map<String, List<TopicPartition>> partitions = new LinkedHashMap<>();
        for (String name : JobTopics.all()) {
            TopicDescription topic;
            try {
                topic = descriptions.get(name).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    continue;
                }
                throw e;
            }
            List<TopicPartition> ofTopic = topic.partitions().stream()
                    .map(partition -> new TopicPartition(name, partition.partition()))
                    .toList();
            partitions.put(name, ofTopic);
            ofTopic.forEach(partition -> {
                ends.put(partition, OffsetSpec.latest());
                starts.put(partition, OffsetSpec.earliest());
            });
        }
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, ListOffsetsResultInfo> end = offsets(ends);
        Map<TopicPartition, ListOffsetsResultInfo> start = offsets(starts);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Long> lagByTopic = new LinkedHashMap<>();
        partitions.forEach((topic, ofTopic) -> lagByTopic.put(
                topic,
                ofTopic.stream()
                        .mapToLong(partition -> {
                            OffsetAndMetadata done = committed.get(partition);
                            long reached = done != null
                                    ? done.offset()
                                    : start.get(partition).offset();
                            return Math.max(0, end.get(partition).offset() - reached);
                        })
                        .sum()));
        return lagByTopic;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(Map<TopicPartition, OffsetSpec> specs)
            throws ExecutionException, TimeoutException, InterruptedException {
        return admin.listOffsets(specs).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
