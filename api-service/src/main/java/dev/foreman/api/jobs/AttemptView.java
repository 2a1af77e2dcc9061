package dev.foreman.api.jobs;

import dev.foreman.common.job.JobAttempt;
import java.time.Instant;

/** One attempt of a job's timeline. */
record AttemptView(
        int attempt,
        String worker,
        Instant startedAt,
        Instant finishedAt,
        String outcome,
        Integer httpStatus,
        String error,
        int durationMs) {

    static AttemptView of(JobAttempt attempt) {
        return new AttemptView(
                attempt.attempt(),
                attempt.worker(),
                attempt.startedAt(),
                attempt.finishedAt(),
                attempt.outcome().wireName(),
                attempt.httpStatus(),
                attempt.error(),
                attempt.durationMs());
    }
}
