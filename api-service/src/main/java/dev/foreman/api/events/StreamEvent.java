package dev.foreman.api.events;

import java.util.UUID;

/**
 * One entry of a tenant's event stream as the SSE writers send it: a job's change ({@code json}
 * is the event's data, serialised once for every listener) or a reset marker (events were lost).
 */
record StreamEvent(EventId id, UUID tenantId, Kind kind, String jobId, String queue, String json) {

    enum Kind {
        JOB,
        RESET
    }

    boolean isReset() {
        return kind == Kind.RESET;
    }
}
