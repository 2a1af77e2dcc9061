package dev.foreman.client;

import java.time.Instant;
import java.util.List;

/** A job's callback: the terminal state it reports and every delivery so far. */
public record Callback(
        long id,
        String url,
        String jobState,
        String state,
        Instant nextAttemptAt,
        Instant createdAt,
        List<Delivery> deliveries) {

    /** One delivery: when, what the receiver answered (or the error), how long it took. */
    public record Delivery(
            int delivery, Instant startedAt, Instant finishedAt, Integer httpStatus, String error, int durationMs) {}
}
