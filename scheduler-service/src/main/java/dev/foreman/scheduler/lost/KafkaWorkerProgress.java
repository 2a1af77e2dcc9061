package dev.foreman.scheduler.lost;

import dev.foreman.common.job.JobTopics;
import dev.foreman.common.job.Priority;
import dev.foreman.scheduler.SchedulerProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads the workers' progress from Kafka with an admin client: for each partition of a priority's
 * topic, the offset of the first record written at or after the given time (the log end when there
 * is none), against the consumer group's committed offset. The topic is read past that time when
 * every partition's committed offset has reached it. A partition the group never committed on
 * counts as unread from its first record, so an empty partition is read and any other is not. A
 * topic that does not exist holds no records, so it counts as read.
 */
@Component
class KafkaWorkerProgress implements WorkerProgress {
    private static final Logger log = LoggerFactory.getLogger(KafkaWorkerProgress.class);

    /** Each admin call; a round of the lost-record check must not hang on an unreachable broker. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final String group;

    @Autowired
    KafkaWorkerProgress(WorkerProgressAdmin admin, SchedulerProperties properties) {
        this(admin.client(), properties.workerConsumerGroup());
    }

    KafkaWorkerProgress(Admin admin, String group) {
        this.admin = admin;
        this.group = group;
    }

    @Override
    public Set<Priority> consumedBefore(Instant time) {
        try {
            return read(time);
        } catch (ExecutionException | TimeoutException e) {
            log.warn(
                    "Could not read how far consumer group {} has read the dispatch topics ({}); publishing no"
                            + " lost jobs again this round",
                    group,
                    e.getCause() != null ? e.getCause().toString() : e.toString());
            return EnumSet.noneOf(Priority.class);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EnumSet.noneOf(Priority.class);
        }
    }

    private Set<Priority> read(Instant time) throws ExecutionException, TimeoutException, InterruptedException {
        Set<Priority> consumed = EnumSet.noneOf(Priority.class);
        Map<TopicPartition, OffsetSpec> firstAtTime = new HashMap<>();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
        Map<Priority, List<TopicPartition>> partitions = new EnumMap<>(Priority.class);
        Map<String, KafkaFuture<TopicDescription>> descriptions =
                admin.describeTopics(JobTopics.all()).topicNameValues();
        for (Priority priority : Priority.values()) {
            TopicDescription topic;
            try {
                topic = descriptions.get(priority.topic()).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    consumed.add(priority); // No topic, so no record of it is waiting anywhere.
                    continue;
                }
                throw e;
            }
            List<TopicPartition> ofTopic = topic.partitions().stream()
                    .map(partition -> new TopicPartition(topic.name(), partition.partition()))
                    .toList();
            partitions.put(priority, ofTopic);
            ofTopic.forEach(partition -> {
                firstAtTime.put(partition, OffsetSpec.forTimestamp(time.toEpochMilli()));
                ends.put(partition, OffsetSpec.latest());
                starts.put(partition, OffsetSpec.earliest());
            });
        }
        if (partitions.isEmpty()) {
            return consumed;
        }
        Map<TopicPartition, ListOffsetsResultInfo> atTime = offsets(firstAtTime);
        Map<TopicPartition, ListOffsetsResultInfo> end = offsets(ends);
        Map<TopicPartition, ListOffsetsResultInfo> start = offsets(starts);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        partitions.forEach((priority, ofTopic) -> {
            boolean read = ofTopic.stream().allMatch(partition -> {
                long firstAfter = atTime.get(partition).offset();
                long needed = firstAfter >= 0 ? firstAfter : end.get(partition).offset();
                OffsetAndMetadata done = committed.get(partition);
                long reached =
                        done != null ? done.offset() : start.get(partition).offset();
                return reached >= needed;
            });
            if (read) {
                consumed.add(priority);
            }
        });
        return consumed;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(Map<TopicPartition, OffsetSpec> specs)
            throws ExecutionException, TimeoutException, InterruptedException {
        return admin.listOffsets(specs).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
