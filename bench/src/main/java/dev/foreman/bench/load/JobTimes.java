package dev.foreman.bench.load;

import java.time.Instant;

/**
 * The state and timestamps of one job as {@code GET /v1/jobs/{id}} shows them.
 *
 * @param startedAt null until the first attempt starts
 * @param finishedAt null until the job reaches a terminal state
 */
public record JobTimes(String state, Instant startedAt, Instant finishedAt) {}
