package dev.foreman.worker.claim;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.flow.AdmissionGate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Claims the jobs of one poll for this worker. The claim is the idempotency point of the whole
 * pipeline: of the ids a poll delivered, only those still queued come back, leased to this worker
 * for {@link WorkerProperties#leaseMargin()}, which the heartbeat keeps renewing.
 *
 * <p>A claim that fails may still have committed (the connection broke during the commit): its
 * jobs would then sit leased to this worker, which never runs them, until the reaper charged each
 * an attempt, whoever's job it was. So the ids of a failed claim are kept as claims in doubt and
 * released ({@link JobRepository#releaseClaims}: queued again, the attempt number given back)
 * before the next claim; until that release succeeds no further claim is made.
 */
@Component
public class JobClaimer {
    private static final Logger log = LoggerFactory.getLogger(JobClaimer.class);

    private final JobRepository jobs;
    private final AdmissionGate admission;
    private final Clock clock;
    private final WorkerProperties properties;
    private final String workerId;
    private final Counter claimed;
    private final Counter duplicates;
    private final Timer lateness;
    private final Counter released;
    // Only intake claims, on its one thread.
    private final Set<UUID> inDoubt = new LinkedHashSet<>();

    JobClaimer(
            WorkerId workerId,
            JobRepository jobs,
            AdmissionGate admission,
            Clock clock,
            WorkerProperties properties,
            MeterRegistry meters) {
        this.workerId = workerId.value();
        this.jobs = jobs;
        this.admission = admission;
        this.clock = clock;
        this.properties = properties;
        this.claimed = Counter.builder("foreman.worker.claimed")
                .description("Jobs this worker claimed")
                .register(meters);
        this.duplicates = Counter.builder("foreman.worker.deliveries.duplicate")
                .description("Delivered job ids that were not claimable: duplicates, cancelled or unknown jobs")
                .register(meters);
        this.lateness = Timer.builder("foreman.worker.claim.lateness")
                .description("Time from a job being due (its run_at, or its submission if later) to its claim by a"
                        + " worker: the relay, Kafka and intake; 0 for a job claimed ahead of its run_at")
                .publishPercentileHistogram()
                .register(meters);
        this.released = Counter.builder("foreman.worker.claims.released")
                .description("Jobs of a claim whose commit outcome was unknown that this worker held and gave back"
                        + " to the queue, uncharged")
                .register(meters);
    }

    /** How long after it was due {@code job} was claimed at {@code now}; never negative. */
    static Duration lateness(Job job, Instant now) {
        Instant due = job.runAt().isAfter(job.createdAt()) ? job.runAt() : job.createdAt();
        return now.isAfter(due) ? Duration.between(due, now) : Duration.ZERO;
    }

    /** The lease owner this worker writes on every claim. */
    public String workerId() {
        return workerId;
    }

    /**
     * Claims whichever of {@code ids} are still queued, in one statement, after releasing the
     * claims left in doubt by a claim that failed, and returns those that flow control lets start
     * now; the others are parked (see {@link AdmissionGate}). Called from one thread (intake).
     *
     * @throws RuntimeException when the claim (or the release before it) failed: nothing may be
     *     launched, and the ids are claims in doubt until a later call releases them
     */
    public List<ClaimedJob> claimQueued(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<ClaimedJob> fromClaim;
        try {
            releaseClaimsInDoubt(now);
            fromClaim = jobs.claimQueued(ids, workerId, now, properties.leaseMargin());
        } catch (RuntimeException e) {
            inDoubt.addAll(ids);
            throw e;
        }
        List<ClaimedJob> claimedJobs = admission.admit(fromClaim, workerId);
        claimed.increment(claimedJobs.size());
        claimedJobs.forEach(c -> lateness.record(lateness(c.job(), now)));
        duplicates.increment(ids.size() - claimedJobs.size());
        return claimedJobs;
    }

    private void releaseClaimsInDoubt(Instant now) {
        if (inDoubt.isEmpty()) {
            return;
        }
        int count = jobs.releaseClaims(List.copyOf(inDoubt), workerId, now).size();
        if (count > 0) {
            released.increment(count);
            log.warn("Released {} jobs of a claim whose commit outcome was unknown; they are queued again", count);
        }
        inDoubt.clear();
    }
}
