package dev.foreman.common.job;

import java.time.Instant;
import java.util.UUID;

/** One finished attempt of a job: who ran it, when, and what came of it. */
public record JobAttempt(
        UUID jobId,
        int attempt,
        String worker,
        Instant startedAt,
        Instant finishedAt,
        AttemptOutcome outcome,
        Integer httpStatus,
        String error,
        int durationMs) {}
