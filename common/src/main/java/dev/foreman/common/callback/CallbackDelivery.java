package dev.foreman.common.callback;

import java.time.Instant;

/** One delivery of a callback: when, what the receiver answered, how long it took. */
public record CallbackDelivery(
        int delivery, Instant startedAt, Instant finishedAt, Integer httpStatus, String error, int durationMs) {}
