package dev.foreman.common.job;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The end of one attempt, as a worker reports it. Applied only if the worker still holds the
 * lease ({@code leaseOwner}) for that {@code attempt}; a late report from a worker that lost its
 * lease changes nothing.
 *
 * @param nextState succeeded, retrying or dead
 * @param nextRunAt when a retrying job is due again (ignored for other states)
 */
public record AttemptFinish(
        UUID jobId,
        int attempt,
        String leaseOwner,
        JobState nextState,
        Instant nextRunAt,
        AttemptOutcome outcome,
        Integer httpStatus,
        String responseBody,
        String error,
        Instant startedAt,
        int durationMs) {

    /** A report may only end the attempt: it never queues its job (that would need an outbox row) nor cancels it. */
    private static final Set<JobState> REPORTED_STATES =
            EnumSet.of(JobState.SUCCEEDED, JobState.RETRYING, JobState.DEAD);

    public AttemptFinish {
        if (!REPORTED_STATES.contains(nextState)) {
            throw new IllegalArgumentException(
                    "An attempt ends its job succeeded, retrying or dead, not " + nextState.wireName());
        }
    }
}
