package dev.foreman.chaos.verdict;

import dev.foreman.chaos.target.Delivery;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Deliveries beyond a job's first. At-least-once delivery allows them: a worker that dies (or
 * freezes past its lease) after the target answered but before the result was written leaves the
 * job to run again.
 *
 * @param extraDeliveries requests beyond the first of each job
 * @param jobs jobs that reached the target more than once
 * @param repeatedAttempts requests that repeated an attempt number the target had already seen for the job
 */
record Duplicates(long extraDeliveries, long jobs, long repeatedAttempts) {

    static Duplicates count(Map<UUID, List<Delivery>> byJob) {
        long extra = 0;
        long jobs = 0;
        long repeated = 0;
        for (List<Delivery> deliveries : byJob.values()) {
            if (deliveries.size() < 2) {
                continue;
            }
            extra += deliveries.size() - 1;
            jobs++;
            Set<Integer> attempts = new HashSet<>();
            for (Delivery delivery : deliveries) {
                if (!attempts.add(delivery.attempt())) {
                    repeated++;
                }
            }
        }
        return new Duplicates(extra, jobs, repeated);
    }
}
