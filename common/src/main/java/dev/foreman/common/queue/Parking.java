package dev.foreman.common.queue;

import java.time.Instant;
import java.util.UUID;

/**
 * A claimed job a worker hands back unstarted, to wait.
 *
 * @param attempt the attempt the claim counted, which parking takes back
 * @param until when the scheduler looks at it again, even if nothing woke it
 * @param runAt the start time a rate bucket reserved for it, or null to keep its run_at
 */
public record Parking(UUID jobId, int attempt, ParkReason reason, Instant until, Instant runAt) {}
