package dev.foreman.worker.consume;

import dev.foreman.common.dispatch.DispatchRecords;
import dev.foreman.common.dispatch.DispatchRecords.UndecodableRecordException;
import dev.foreman.common.job.Priority;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What intake does with the records of one poll: orders them by priority (high first, poll order
 * within a priority), takes as many as there are free slots, and leaves the rest in Kafka by
 * rewinding their partitions. Within a partition it always takes a prefix, so the committed
 * offsets never skip a record that was not taken.
 *
 * <p>Records that cannot be decoded are taken (so their offsets get committed and they never
 * block their partition) but claim nothing.
 */
final class IntakeBatch {
    private final List<Delivery> taken;
    private final Map<TopicPartition, Long> rewinds;
    private final Priority highest;

    private IntakeBatch(List<Delivery> taken, Map<TopicPartition, Long> rewinds, Priority highest) {
        this.taken = taken;
        this.rewinds = rewinds;
        this.highest = highest;
    }

    /**
     * Splits {@code records} into what is taken and what is rewound.
     *
     * @param slots the most distinct jobs to take
     * @param lowerSlots the most distinct jobs to take once the high-priority ones are taken (at
     *     most {@code slots}): the rest of the slots are kept for high priority
     * @param priorities the priority of each topic
     */
    static IntakeBatch of(
            List<ConsumerRecord<String, byte[]>> records, int slots, int lowerSlots, Map<String, Priority> priorities) {
        List<Delivery> ordered = records.stream()
                .map(r -> Delivery.decode(r, priorities.get(r.topic())))
                .sorted(Comparator.comparing(Delivery::priority)) // stable: keeps offset order per partition
                .toList();
        List<Delivery> taken = new ArrayList<>();
        Set<UUID> jobIds = new LinkedHashSet<>();
        int next = 0;
        for (; next < ordered.size(); next++) {
            Delivery delivery = ordered.get(next);
            if (delivery.jobId() != null && !jobIds.contains(delivery.jobId())) {
                int room = delivery.priority() == Priority.HIGH ? slots : Math.min(slots, lowerSlots);
                if (jobIds.size() >= room) {
                    break;
                }
                jobIds.add(delivery.jobId());
            }
            taken.add(delivery);
        }
        Map<TopicPartition, Long> rewinds = new LinkedHashMap<>();
        for (Delivery left : ordered.subList(next, ordered.size())) {
            rewinds.putIfAbsent(left.partition(), left.offset());
        }
        Priority highest = ordered.isEmpty() ? null : ordered.getFirst().priority();
        return new IntakeBatch(taken, rewinds, highest);
    }

    /** The records taken, highest priority first. */
    List<Delivery> taken() {
        return taken;
    }

    /** The distinct job ids of the taken records, highest priority first. */
    List<UUID> jobIds() {
        return taken.stream()
                .map(Delivery::jobId)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }

    /** Records that were taken but name no job. */
    List<Delivery> undecodable() {
        return taken.stream().filter(d -> d.jobId() == null).toList();
    }

    /** Where each partition with records left over must be rewound to, so Kafka delivers them again. */
    Map<TopicPartition, Long> rewinds() {
        return rewinds;
    }

    /** Where each partition must be rewound to for the whole batch to be delivered again. */
    Map<TopicPartition, Long> rewindsOfEverything() {
        Map<TopicPartition, Long> all = new HashMap<>(rewinds);
        for (Delivery delivery : taken) {
            all.merge(delivery.partition(), delivery.offset(), Math::min);
        }
        return all;
    }

    /** The offsets to commit once the taken jobs are claimed: one past the last taken record per partition. */
    Map<TopicPartition, OffsetAndMetadata> commits() {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (Delivery delivery : taken) {
            commits.merge(
                    delivery.partition(),
                    new OffsetAndMetadata(delivery.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return commits;
    }

    /** The highest priority among all records of the poll, taken or not; null for an empty poll. */
    Priority highest() {
        return highest;
    }

    /**
     * One record of the poll.
     *
     * @param jobId the job it names, or null if it could not be decoded
     * @param traceparent its {@code traceparent} header, or null
     * @param problem why it could not be decoded, or null
     */
    record Delivery(
            TopicPartition partition, long offset, Priority priority, UUID jobId, String traceparent, String problem) {

        static Delivery decode(ConsumerRecord<String, byte[]> record, Priority priority) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            String traceparent = DispatchRecords.traceparent(record);
            try {
                UUID jobId = DispatchRecords.decode(record).jobId();
                return new Delivery(partition, record.offset(), priority, jobId, traceparent, null);
            } catch (UndecodableRecordException e) {
                return new Delivery(partition, record.offset(), priority, null, traceparent, e.getMessage());
            }
        }
    }
}
