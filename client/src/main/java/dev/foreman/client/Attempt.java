package dev.foreman.client;

import java.time.Instant;

/** One attempt of a job: who ran it, when, and how it ended ({@code GET /v1/jobs/{id}/attempts}). */
public record Attempt(
        int attempt,
        String worker,
        Instant startedAt,
        Instant finishedAt,
        String outcome,
        Integer httpStatus,
        String error,
        int durationMs) {}
