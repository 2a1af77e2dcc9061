package dev.foreman.api.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters both ways of publishing share, told apart by the tag {@code path}: {@code commit} for
 * rows a submission published right after its commit, {@code relay} for rows a relay published.
 */
final class OutboxMeters {
    static final String COMMIT = "commit";
    static final String RELAY = "relay";

    private OutboxMeters() {}

    /** Rows whose records Kafka acknowledged and whose rows were deleted. */
    static Counter published(MeterRegistry meters, String path) {
        return Counter.builder("foreman.outbox.published")
                .description("Outbox rows published to Kafka and deleted")
                .tag("path", path)
                .register(meters);
    }

    /** From a row being written to Kafka acknowledging its record. */
    static Timer lag(MeterRegistry meters, String path) {
        return Timer.builder("foreman.outbox.relay.lag")
                .description("Time from a job's outbox row being written to its record being acknowledged by Kafka")
                .tag("path", path)
                .publishPercentileHistogram()
                .register(meters);
    }
}
