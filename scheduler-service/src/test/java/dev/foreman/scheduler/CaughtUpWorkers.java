package dev.foreman.scheduler;

import dev.foreman.common.job.JobTopics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Stands in for workers that have read every dispatch topic to its end. */
public final class CaughtUpWorkers {
    private CaughtUpWorkers() {}

    /** Commits, for {@code group}, every partition of every dispatch topic at its current end. */
    public static void commitEverythingReadBy(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        admin.describeTopics(JobTopics.all())
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .values()
                .forEach(topic -> topic.partitions()
                        .forEach(partition -> ends.put(
                                new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        admin.listOffsets(ends)
                .all()
                .get(30, TimeUnit.SECONDS)
                .forEach((partition, end) -> offsets.put(partition, new OffsetAndMetadata(end.offset())));
        admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
    }
}
