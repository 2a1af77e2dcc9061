package dev.foreman.common.queue;

import java.util.Arrays;

/** Why a queued job is parked (and, as {@code purged}, why a hold ended a job): the SQL names. */
public enum ParkReason {
    /** Its queue is paused; resume wakes it. */
    PAUSED("paused"),
    /** Its queue's {@code max_concurrency} attempts are running; a finished one wakes it. */
    QUEUE_CONCURRENCY("queue_concurrency"),
    /** Its flow-control key's {@code max_concurrency} attempts are running. */
    FLOW_CONCURRENCY("flow_concurrency"),
    /** Its tenant's cap on concurrent attempts is reached. */
    TENANT_CONCURRENCY("tenant_concurrency"),
    /** Its queue's rate bucket is empty; it holds a reserved start time. */
    RATE("rate"),
    /** Its flow-control key's rate bucket is empty; it holds a reserved start time. */
    FLOW_RATE("flow_rate");

    private final String wireName;

    ParkReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether a job parked for this reason holds a reserved start in a rate bucket. */
    public boolean holdsRateReservation() {
        return this == RATE || this == FLOW_RATE;
    }

    public static ParkReason fromWireName(String name) {
        return Arrays.stream(values())
                .filter(r -> r.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown park reason " + name));
    }
}
