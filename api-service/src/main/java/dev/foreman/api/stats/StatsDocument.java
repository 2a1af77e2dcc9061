package dev.foreman.api.stats;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /v1/stats} and of the {@code stats} event (DESIGN §3.3). {@code jobs} and
 * {@code throughput} are the caller's tenant's; {@code workers} and {@code scheduler} are the
 * system's.
 */
public record StatsDocument(
        Jobs jobs, int queues, Throughput throughput, Outbox outbox, Workers workers, Scheduler scheduler) {

    /**
     * @param byState every state with its count, zeros included
     * @param byPriority jobs not yet ended (scheduled, queued, running, retrying) per priority: the depth
     */
    public record Jobs(Map<String, Long> byState, Map<String, Long> byPriority) {}

    /** Jobs that reached succeeded and dead per minute, the last 15 minutes, oldest first, the current minute last. */
    public record Throughput(List<Long> succeeded, List<Long> dead) {}

    /** Outbox rows not yet published to Kafka (counted up to 10,000) and the oldest one's age (0 when none). */
    public record Outbox(long pending, long oldestAgeMs) {}

    /** Worker instances that sent a heartbeat recently. */
    public record Workers(int live) {}

    /** The instance id of the scheduler that holds the leader lock, {@code null} when none does (or Redis is unreachable). */
    public record Scheduler(String leader) {}
}
