package dev.foreman.scheduler.lost;

import dev.foreman.common.job.Priority;
import java.time.Instant;
import java.util.Set;

/** How far the workers have read the dispatch topics. */
@FunctionalInterface
interface WorkerProgress {

    /**
     * The priorities whose dispatch topic the workers' consumer group has read past every record
     * written before {@code time}, on every partition. A priority is left out whenever that cannot
     * be shown, Kafka unreachable included: left out means "its records may still be waiting".
     */
    Set<Priority> consumedBefore(Instant time);
}
