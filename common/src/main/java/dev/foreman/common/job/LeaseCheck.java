package dev.foreman.common.job;

import java.util.Set;
import java.util.UUID;

/**
 * What a worker's heartbeat learned: which of its attempts' jobs are still leased to it, and how
 * many of those leases it extended.
 *
 * @param held the job ids still leased to the worker; an attempt whose job is missing lost its lease
 * @param renewed how many leases were extended
 */
public record LeaseCheck(Set<UUID> held, int renewed) {
    public LeaseCheck {
        held = Set.copyOf(held);
    }
}
