package dev.foreman.worker.lease;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.attempt.InFlightAttempts;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends a stopping worker's attempts: waits up to {@link WorkerProperties#shutdownGrace()} for the
 * running ones, then aborts those still waiting for their target and hands their jobs back, queued
 * again at once, so nothing is left running and nothing waits for a lease to expire.
 */
@Component
public class AttemptDrain {
    private static final Logger log = LoggerFactory.getLogger(AttemptDrain.class);
    // An aborted request ends at once; this only lets the attempt threads leave before the hand-back.
    private static final Duration ABORT_PATIENCE = Duration.ofSeconds(2);

    private final InFlightAttempts inFlight;
    private final LeaseHandBack handBack;
    private final Duration grace;

    AttemptDrain(InFlightAttempts inFlight, LeaseHandBack handBack, WorkerProperties properties) {
        this.inFlight = inFlight;
        this.handBack = handBack;
        this.grace = properties.shutdownGrace();
    }

    /** The longest {@link #drainInFlight} takes, but for the hand-back's own statement. */
    public Duration bound() {
        return grace.plus(ABORT_PATIENCE);
    }

    /** Waits out the grace, aborts what still runs and hands its jobs back; call once intake took its last jobs. */
    public void drainInFlight() {
        List<ClaimedJob> unfinished = inFlight.awaitIdle(grace);
        if (unfinished.isEmpty()) {
            return;
        }
        log.warn(
                "{} attempts were still running after the shutdown grace of {}; aborting them and handing"
                        + " their jobs back",
                unfinished.size(),
                grace);
        List<ClaimedJob> aborted = inFlight.abortAll();
        List<ClaimedJob> stuck = inFlight.awaitIdle(ABORT_PATIENCE);
        if (!stuck.isEmpty()) {
            log.warn(
                    "{} attempts did not end within {} of being aborted or while recording their result",
                    stuck.size(),
                    ABORT_PATIENCE);
        }
        handBack.handBack(aborted);
    }
}
