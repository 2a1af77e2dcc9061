package dev.foreman.worker.finish;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.JobRepository;
import dev.foreman.worker.dispatch.DispatchResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records how an attempt ended: the job's next state and its attempt row, in one statement fenced
 * on the lease. A worker whose lease was lost (reaped, cancelled, claimed again elsewhere) changes
 * nothing; whoever holds the job now decides its fate.
 */
@Component
public class AttemptFinisher {
    private static final Logger log = LoggerFactory.getLogger(AttemptFinisher.class);

    private final JobRepository jobs;
    private final Clock clock;
    private final OutcomeClassifier classifier;
    private final MeterRegistry meters;
    private final Counter leaseLost;

    AttemptFinisher(JobRepository jobs, Clock clock, MeterRegistry meters) {
        this.jobs = jobs;
        this.clock = clock;
        // java.util.Random is safe to share: attempts finish on many virtual threads at once.
        this.classifier = new OutcomeClassifier(new Backoff(new Random()));
        this.meters = meters;
        this.leaseLost = Counter.builder("foreman.worker.finish.lease.lost")
                .description("Attempts whose result was dropped because the worker no longer held the lease")
                .register(meters);
    }

    /** Applies {@code result} to the claimed job, if this worker still holds its lease. */
    public void finish(ClaimedJob claimed, DispatchResult result) {
        Instant now = clock.instant();
        AttemptFinish finish = classifier.classify(claimed, result, now);
        if (!jobs.finishAttempt(finish, now)) {
            log.debug(
                    "Lease on job {} attempt {} was lost before it finished; its result is dropped",
                    finish.jobId(),
                    finish.attempt());
            leaseLost.increment();
            return;
        }
        Counter.builder("foreman.worker.dispatched")
                .description("Finished attempts, by how the request went and the state the job moved to")
                .tag("outcome", finish.outcome().wireName())
                .tag("state", finish.nextState().wireName())
                .register(meters)
                .increment();
    }
}
