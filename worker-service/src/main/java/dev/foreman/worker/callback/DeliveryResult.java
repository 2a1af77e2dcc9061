package dev.foreman.worker.callback;

import java.time.Duration;
import java.time.Instant;

/**
 * What came of one callback delivery.
 *
 * @param status the receiver's HTTP status, or null when it did not answer
 * @param error why the delivery did not succeed, for a person reading the callback's history; null
 *     on a 2xx
 */
record DeliveryResult(Kind kind, Integer status, String error, Instant startedAt, Duration duration) {

    /** How the delivery went, as far as deciding what comes next goes. */
    enum Kind {
        /** The receiver answered, with any status. */
        ANSWERED,
        /** No answer: a timeout, a refused or broken connection. */
        NO_ANSWER,
        /** The URL cannot be requested at all, now or later. */
        INVALID_URL,
        /** The worker stopped during the delivery: not the receiver's fault, so no back-off. */
        ABORTED
    }

    boolean delivered() {
        return kind == Kind.ANSWERED && status >= 200 && status < 300;
    }

    int durationMs() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, duration.toMillis()));
    }
}
