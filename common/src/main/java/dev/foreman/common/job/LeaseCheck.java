package dev.foreman.common.job;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a worker's heartbeat learned: which of its attempts' jobs are still leased to it, until
 * when, and how many of those leases it extended.
 *
 * @param leasedUntil the job ids still leased to the worker, each with the end of its lease as
 *     stored now; an attempt whose job is missing lost its lease
 * @param renewed how many leases were extended
 */
public record LeaseCheck(Map<UUID, Instant> leasedUntil, int renewed) {
    public LeaseCheck {
        leasedUntil = Map.copyOf(leasedUntil);
    }

    /** The job ids still leased to the worker. */
    public Set<UUID> held() {
        return leasedUntil.keySet();
    }
}
