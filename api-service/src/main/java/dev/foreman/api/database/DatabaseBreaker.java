package dev.foreman.api.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A circuit breaker for getting database connections. Closed, every request may try. After {@link
 * #FAILURES_TO_OPEN} failures to get a connection in a row it opens for {@link #OPEN_FOR}: nobody
 * tries, each is refused at once. Then one request may try (half open): its success closes the
 * breaker, its failure opens it again. One success anywhere resets the count.
 *
 * <p>While Postgres is down each attempt to get a connection waits the pool's whole {@code
 * connection-timeout} (5 s), so without the breaker every request in flight holds its thread that
 * long, and they pile up; with it, the outage costs a few requests 5 s and the rest nothing.
 */
final class DatabaseBreaker {
    /** Failures to get a connection in a row that open the breaker. */
    static final int FAILURES_TO_OPEN = 3;

    /** How long the breaker stays open before one request may try again: the {@code Retry-After} of a 503. */
    static final Duration OPEN_FOR = Duration.ofSeconds(1);

    private enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final Clock clock;
    private State state = State.CLOSED;
    private int failures;
    private Instant openUntil = Instant.MIN;

    DatabaseBreaker(Clock clock) {
        this.clock = clock;
    }

    /** Whether the caller may try to get a connection now; in the half-open state only one caller may. */
    synchronized boolean allowsAttempt() {
        return switch (state) {
            case CLOSED -> true;
            case HALF_OPEN -> false;
            case OPEN -> {
                if (clock.instant().isBefore(openUntil)) {
                    yield false;
                }
                state = State.HALF_OPEN;
                yield true;
            }
        };
    }

    /** A connection was had: the database is reachable. */
    synchronized void succeeded() {
        state = State.CLOSED;
        failures = 0;
    }

    /** No connection could be had. */
    synchronized void failed() {
        failures++;
        if (state == State.HALF_OPEN || failures >= FAILURES_TO_OPEN) {
            state = State.OPEN;
            openUntil = clock.instant().plus(OPEN_FOR);
        }
    }

    /** Whether requests are being refused without trying. */
    synchronized boolean isOpen() {
        return state != State.CLOSED;
    }
}
