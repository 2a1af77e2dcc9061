package dev.foreman.worker.lease;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.JobRepository;
import dev.foreman.worker.claim.JobClaimer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Returns the jobs of a stopping worker's aborted attempts to the queue at once: back to
 * {@code queued} with the interrupted attempt recorded and their outbox rows written, in one
 * statement, so another worker gets them within a relay round instead of after the lease expires.
 * A job this worker no longer holds (it finished, or was cancelled or reaped meanwhile) is left
 * alone.
 */
@Component
public class LeaseHandBack {
    private static final Logger log = LoggerFactory.getLogger(LeaseHandBack.class);

    private final JobRepository jobs;
    private final JobClaimer claimer;
    private final Clock clock;
    private final Counter handedBack;

    LeaseHandBack(JobRepository jobs, JobClaimer claimer, Clock clock, MeterRegistry meters) {
        this.jobs = jobs;
        this.claimer = claimer;
        this.clock = clock;
        this.handedBack = Counter.builder("foreman.worker.handed.back")
                .description("Jobs a stopping worker returned to the queue because their target had not answered"
                        + " within the shutdown grace")
                .register(meters);
    }

    /**
     * Hands {@code unfinished} back. Their attempts must be aborted first, so that none of them
     * records a result afterwards. If this fails, their leases expire and the reaper re-queues them.
     */
    public void handBack(List<ClaimedJob> unfinished) {
        if (unfinished.isEmpty()) {
            return;
        }
        List<UUID> ids = unfinished.stream().map(c -> c.job().id()).toList();
        String reason = "worker " + claimer.workerId() + " shut down before the target answered";
        try {
            int count = jobs.handBack(ids, claimer.workerId(), reason, clock.instant())
                    .size();
            handedBack.increment(count);
            log.info("Handed {} unfinished jobs back to the queue: {}", count, ids);
        } catch (RuntimeException e) {
            log.error(
                    "Handing {} unfinished jobs back failed; they run again once their leases expire: {}",
                    ids.size(),
                    ids,
                    e);
        }
    }
}
