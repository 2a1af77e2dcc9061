package dev.foreman.worker.finish;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.common.metrics.QueueLabels;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.dispatch.DispatchResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records how an attempt ended: the job's next state and its attempt row, fenced on the lease. A
 * worker whose lease was lost (reaped, cancelled, claimed again elsewhere) changes nothing; whoever
 * holds the job now decides its fate. Finishes are written in batches (see {@link FinishBatcher}):
 * {@link #finish} returns once the statement that carried its finish has committed. Its writer
 * stops last of the worker's background work, once no attempt is left to finish: see {@code
 * WorkerShutdownOrder}.
 *
 * <p>A result is not dropped because the database is away for a while (a restart, a failover): a
 * write that fails is tried again every {@link #RETRY_PAUSE} for as long as the attempt's lease is
 * held (the heartbeat renews it meanwhile, once the database answers again), so a 2xx the target
 * gave is recorded unless the lease has really ended. Only then does the reaper decide.
 */
@Component
public class AttemptFinisher implements BackgroundWork {
    private static final Logger log = LoggerFactory.getLogger(AttemptFinisher.class);
    /** The pause between two tries of a finish whose write failed. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final Clock clock;
    private final OutcomeClassifier classifier;
    private final FinishBatcher batcher;
    private final MeterRegistry meters;
    private final Counter leaseLost;
    private final Counter writeRetries;
    private final Counter writeGivenUp;
    private final Map<String, Counter> dispatched = new ConcurrentHashMap<>();
    private final QueueLabels queueLabels = new QueueLabels();

    AttemptFinisher(JobRepository jobs, Clock clock, WorkerProperties properties, MeterRegistry meters) {
        this.clock = clock;
        // java.util.Random is safe to share: attempts finish on many virtual threads at once.
        this.classifier = new OutcomeClassifier(new Backoff(new Random()));
        this.meters = meters;
        this.leaseLost = Counter.builder("foreman.worker.finish.lease.lost")
                .description("Attempts whose result was dropped because the worker no longer held the lease")
                .register(meters);
        this.writeRetries = Counter.builder("foreman.worker.finish.write.retries")
                .description("Finish writes tried again because the database could not be written (while the lease"
                        + " was still held)")
                .register(meters);
        this.writeGivenUp = Counter.builder("foreman.worker.finish.write.given.up")
                .description("Results dropped because their write kept failing until the attempt's lease ended")
                .register(meters);
        DistributionSummary batchSizes = DistributionSummary.builder("foreman.worker.finish.batch.size")
                .description("Attempt finishes written by one statement")
                .register(meters);
        // Every attempt holds a slot until its finish is written, so a batch never exceeds max-in-flight.
        this.batcher = new FinishBatcher(jobs, clock, properties.maxInFlight(), batchSizes::record);
    }

    /**
     * Applies {@code result} to the claimed job, if this worker still holds its lease; returns once
     * it is written. A write that fails is tried again until {@code leaseHeldUntil} (read afresh
     * before each try, as the heartbeat moves it on) has passed, or the writer stops.
     *
     * @return what was written, or null when the lease was lost first (nothing was written)
     * @throws RuntimeException when it could not be written while the lease was held; the job's
     *     lease then expires and the reaper hands it out again
     */
    public AttemptFinish finish(ClaimedJob claimed, DispatchResult result, Supplier<Instant> leaseHeldUntil) {
        Instant now = clock.instant();
        AttemptFinish finish = classifier.classify(claimed, result, now);
        if (!writeWhileLeaseHeld(finish, leaseHeldUntil)) {
            log.debug(
                    "Lease on job {} attempt {} was lost before it finished; its result is dropped",
                    finish.jobId(),
                    finish.attempt());
            leaseLost.increment();
            return null;
        }
        dispatchedCounter(claimed.job().queue(), finish).increment();
        return finish;
    }

    private boolean writeWhileLeaseHeld(AttemptFinish finish, Supplier<Instant> leaseHeldUntil) {
        for (int tries = 1; ; tries++) {
            try {
                return batcher.submit(finish).join();
            } catch (CompletionException e) {
                RuntimeException failure = e.getCause() instanceof RuntimeException cause ? cause : e;
                Instant leaseEnd = leaseHeldUntil.get();
                if (!batcher.isRunning()
                        || leaseEnd == null
                        || !clock.instant().plus(RETRY_PAUSE).isBefore(leaseEnd)) {
                    writeGivenUp.increment();
                    throw failure;
                }
                writeRetries.increment();
                log.warn(
                        "Recording job {} attempt {} failed ({} tries); trying again while its lease lasts (until {}): {}",
                        finish.jobId(),
                        finish.attempt(),
                        tries,
                        leaseEnd,
                        failure.toString());
                try {
                    Thread.sleep(RETRY_PAUSE);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw failure;
                }
            }
        }
    }

    private Counter dispatchedCounter(String queue, AttemptFinish finish) {
        String label = queueLabels.of(queue);
        String outcome = finish.outcome().wireName();
        String state = finish.nextState().wireName();
        return dispatched.computeIfAbsent(
                label + "/" + outcome + "/" + state,
                key -> Counter.builder("foreman.worker.dispatched")
                        .description("Finished attempts, by queue (the first 20 this worker saw, the rest as"
                                + " 'other'), how the request went and the state the job moved to")
                        .tag("queue", label)
                        .tag("outcome", outcome)
                        .tag("state", state)
                        .register(meters));
    }

    @Override
    public void start() {
        batcher.start();
    }

    /** Writes the finishes already handed in and stops writing. */
    @Override
    public void stop() {
        batcher.stop();
    }

    @Override
    public boolean isRunning() {
        return batcher.isRunning();
    }
}
