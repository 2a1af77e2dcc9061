package dev.foreman.common.job;

import java.time.Instant;
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
        int durationMs) {}
