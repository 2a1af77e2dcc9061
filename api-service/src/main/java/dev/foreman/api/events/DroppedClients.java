package dev.foreman.api.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts the event-stream clients dropped for being too slow, by {@link DropReason}; both series
 * exist from the start, so a rate over them never starts from a missing one.
 */
final class DroppedClients {
    private final Map<DropReason, Counter> counters = new EnumMap<>(DropReason.class);

    DroppedClients(MeterRegistry meters) {
        for (DropReason reason : DropReason.values()) {
            counters.put(
                    reason,
                    Counter.builder("foreman.events.clients.dropped")
                            .description("Event stream clients disconnected for being too slow: a whole client buffer"
                                    + " behind, or a write stalled for the write timeout")
                            .tag("reason", reason.label())
                            .register(meters));
        }
    }

    void count(DropReason reason) {
        counters.get(reason).increment();
    }
}
